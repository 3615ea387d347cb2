package dev.handover.journal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;

/** Who runs the tool and which build it is: the {@code run} block of every record, console or headless. */
public final class Who {
    private Who() {
    }

    /** The OS user. */
    public static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    /** The Maven version baked into the jar; "dev" when running from classes (tests, IDE). */
    public static String toolVersion() {
        String fromManifest = Who.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Who.class.getResourceAsStream("/META-INF/maven/dev.handover/handover/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            return "dev";
        }
        return "dev";
    }

    /** This operator and build, running against {@code cluster} from {@code startedAt}. */
    public static RunReport.RunInfo now(String cluster, Instant startedAt) {
        return new RunReport.RunInfo(operator(), startedAt, cluster, toolVersion());
    }
}
