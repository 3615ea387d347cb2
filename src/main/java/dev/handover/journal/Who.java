package dev.handover.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Who runs the tool and which build it is: the {@code run} block of every record, console or headless. */
public final class Who {
    private Who() {
    }

    /**
     * The operator when none is named: the OS user at this host ({@code alice@db-admin1}), the one default of every
     * record, plan, schedule and acknowledgement. The host is read once, from the environment or the kernel, not
     * from DNS, so asking never waits on a resolver.
     */
    public static String operator() {
        String user = System.getProperty("user.name");
        return (user == null || user.isBlank() ? "unknown" : user) + Host.NAME.map(h -> "@" + h).orElse("");
    }

    /** This machine's name, read once. */
    private static final class Host {
        static final Optional<String> NAME = read();

        private static Optional<String> read() {
            Stream<Supplier<String>> sources = Stream.of(
                    () -> System.getenv("HOSTNAME"), () -> System.getenv("COMPUTERNAME"),
                    () -> firstLine("/proc/sys/kernel/hostname"), () -> firstLine("/etc/hostname"));
            return sources.map(Supplier::get)
                    .filter(h -> h != null && !h.isBlank() && h.strip().chars().noneMatch(Character::isISOControl))
                    .map(String::strip).findFirst();
        }

        private static String firstLine(String file) {
            try {
                return Files.readAllLines(Path.of(file)).stream().findFirst().orElse(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
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
        return now(Requester.here(), cluster, startedAt);
    }

    /** {@code who} asking, with this build, running against {@code cluster} from {@code startedAt}. */
    public static RunReport.RunInfo now(Requester who, String cluster, Instant startedAt) {
        return new RunReport.RunInfo(who.operator(), startedAt, cluster, toolVersion()).by(who);
    }
}
