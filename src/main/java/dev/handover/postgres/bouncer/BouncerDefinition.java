package dev.handover.postgres.bouncer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One PgBouncer in front of the cluster, as the definition file's {@code pgbouncers} entry names it. Like a
 * node, it holds no password: {@code passwordEnv} names the variable read at connect time.
 *
 * @param id           name in messages and checks, e.g. {@code pgb1}
 * @param host         admin console host (PgBouncer's listen address)
 * @param port         admin console port
 * @param user         a user in PgBouncer's {@code admin_users}, who may also log in through it to the
 *                     databases (the check through the bouncer uses it)
 * @param passwordEnv  environment variable holding that user's password, if any
 * @param databases    the {@code [databases]} entries that route to the primary: paused, retargeted, resumed
 * @param targetFile   the file PgBouncer {@code %include}s with those entries; Handover rewrites it, then RELOADs
 * @param pauseTimeout how long a PAUSE may wait for open transactions before the run gives up, nothing frozen
 */
public record BouncerDefinition(String id, String host, int port, String user, Optional<String> passwordEnv,
                                List<String> databases, Path targetFile, Duration pauseTimeout) {

    public static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofSeconds(5);

    public BouncerDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        databases = List.copyOf(databases);
        Objects.requireNonNull(targetFile, "targetFile");
        Objects.requireNonNull(pauseTimeout, "pauseTimeout");
    }

    /** {@code host:port} of the admin console. */
    public String addr() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The entry Handover keeps beside each database in the target file, routed the same way: the check
     * "through the bouncer, it writes" logs in through it while the database itself is paused, so a login
     * that fails there can never leave PgBouncer's cached login failure on the pool clients use.
     */
    public static String checkEntry(String database) {
        return "handover_check_" + database;
    }
}
