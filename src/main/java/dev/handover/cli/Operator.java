package dev.handover.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Who runs the tool and which build it is, for the {@code run} block of a report. */
final class Operator {
    private Operator() {
    }

    static String name() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    /** The Maven version baked into the jar; "dev" when running from classes (tests, IDE). */
    static String toolVersion() {
        String fromManifest = Operator.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Operator.class.getResourceAsStream("/META-INF/maven/dev.handover/handover/pom.properties")) {
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
}
