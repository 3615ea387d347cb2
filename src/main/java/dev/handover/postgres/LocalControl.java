package dev.handover.postgres;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to drive a node that lives on this host: its data directory, the {@code pg_ctl} of its
 * PostgreSQL version (pg_controldata and pg_rewind are taken from the same directory), and the OS
 * user that owns the data directory (commands run as that user when Handover runs as root).
 * {@code configDir} is where postgresql.conf lives when it is not in the data directory (Debian's
 * /etc/postgresql/&lt;version&gt;/&lt;cluster&gt;); pg_ctl is given that directory.
 */
public record LocalControl(Path dataDir, Optional<Path> configDir, Path pgCtl, Optional<String> osUser) {

    public LocalControl {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(pgCtl, "pgCtl");
        Objects.requireNonNull(osUser, "osUser");
    }

    /** What {@code pg_ctl -D} is given. */
    public Path pgCtlDir() {
        return configDir.orElse(dataDir);
    }

    /** A sibling binary of pg_ctl, e.g. {@code pg_controldata} or {@code pg_rewind}. */
    public Path tool(String name) {
        Path dir = pgCtl.getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }
}
