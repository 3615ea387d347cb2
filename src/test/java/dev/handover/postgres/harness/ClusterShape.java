package dev.handover.postgres.harness;

import java.util.Optional;

/**
 * How a loopback cluster is built. {@link #harness(int)} is the shape the early tests used (trust,
 * {@code wal_log_hints}, {@code wal_keep_size}, one slot); {@link #production(int)} is a cluster as a
 * DBA builds one by hand, without any project code deciding its layout: data checksums instead of
 * {@code wal_log_hints}, scram passwords on every TCP login (replication too), a separate replication
 * role whose password lives in each standby's {@code primary_conninfo}, one physical slot per standby
 * ({@code pg_basebackup -C -S <name>}), {@code application_name} per standby, no {@code wal_keep_size},
 * PostgreSQL's default retry interval; {@link #synchronous()} adds {@code synchronous_standby_names =
 * 'ANY 1 (pg1, pg2, ...)'} on every node, and {@link #withPortOnStartCommand()} gives the port on
 * {@code pg_ctl start -o '-p N'} instead of in postgresql.conf, as some service units do.
 *
 * @param size               number of nodes; pg1 starts as the primary
 * @param password           the {@code postgres} role's password for TCP logins; empty = trust
 * @param replicationUser    role the standbys stream as (with {@code password}); empty = {@code postgres}, trusted
 * @param checksums          {@code initdb -k} instead of {@code wal_log_hints = on}
 * @param slotPerStandby     every standby streams through a physical slot named after it
 * @param lastStandbySlot    only the last standby streams through a slot (the harness shape)
 * @param syncStandbys       {@code synchronous_standby_names} on every node, when present
 * @param portOnStartCommand the port is given on the start command, not in postgresql.conf
 * @param fastRetry          {@code wal_retrieve_retry_interval = 100ms} (the harness shape); else PostgreSQL's 5 s
 */
public record ClusterShape(int size, String password, String replicationUser, boolean checksums, boolean slotPerStandby,
                           boolean lastStandbySlot, Optional<String> syncStandbys, boolean portOnStartCommand,
                           boolean fastRetry) {

    /** The password every production-shaped cluster uses; handed to Handover through {@link #PASSWORD_ENV}. */
    public static final String PRODUCTION_PASSWORD = "s3cret-Pw";
    public static final String PASSWORD_ENV = "HANDOVER_TEST_PGPASSWORD";

    public static ClusterShape harness(int size) {
        return new ClusterShape(size, "", "", false, false, true, Optional.empty(), false, true);
    }

    public static ClusterShape production(int size) {
        return new ClusterShape(size, PRODUCTION_PASSWORD, "replicator", true, true, false, Optional.empty(), false, false);
    }

    public ClusterShape withPassword(String pw) {
        return new ClusterShape(size, pw, replicationUser, checksums, slotPerStandby, lastStandbySlot, syncStandbys,
                portOnStartCommand, fastRetry);
    }

    /** {@code ANY 1 (pg1, pg2, ...)} on every node: a commit waits for any one standby. */
    public ClusterShape synchronous() {
        StringBuilder names = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            names.append(i > 1 ? ", " : "").append("pg").append(i);
        }
        return new ClusterShape(size, password, replicationUser, checksums, slotPerStandby, lastStandbySlot,
                Optional.of("ANY 1 (" + names + ")"), portOnStartCommand, fastRetry);
    }

    public ClusterShape withPortOnStartCommand() {
        return new ClusterShape(size, password, replicationUser, checksums, slotPerStandby, lastStandbySlot, syncStandbys,
                true, fastRetry);
    }

    boolean standbyUsesSlot(int index) {
        return slotPerStandby || (lastStandbySlot && index == size - 1 && size > 2);
    }

    String streamingUser() {
        return replicationUser.isEmpty() ? "postgres" : replicationUser;
    }
}
