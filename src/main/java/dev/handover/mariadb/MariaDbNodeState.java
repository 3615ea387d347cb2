package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one node says of itself at one read: the facts a role is judged from, never assumed.
 *
 * @param readOnly  {@code @@read_only}
 * @param binlogPos {@code @@gtid_binlog_pos}: what this node has written to its binlog
 * @param slavePos  {@code @@gtid_slave_pos}: what its replication SQL thread has applied
 * @param term      the fencing term it holds ({@link MariaDbTerm})
 * @param upstream  its replication source, if one is configured
 */
record MariaDbNodeState(boolean readOnly, String binlogPos, String slavePos, long term, Optional<Upstream> upstream) {

    /**
     * One configured replication source as {@code SHOW ALL SLAVES STATUS} shows it.
     *
     * @param ioPos      {@code Gtid_IO_Pos}: what the IO thread has received into the relay log
     * @param relaySpace {@code Relay_Log_Space}: bytes of relay log held, received and not yet purged
     */
    record Upstream(String host, int port, boolean ioRunning, boolean sqlRunning, String ioPos, String error,
                    Optional<Duration> behind, long relaySpace) {
        String addr() {
            return host + ":" + port;
        }

        boolean streaming() {
            return ioRunning && sqlRunning;
        }
    }

    static MariaDbNodeState read(Connection c) throws SQLException {
        boolean ro = Sql.number(c, "SELECT @@global.read_only") != 0;
        String binlog = Sql.string(c, "SELECT @@global.gtid_binlog_pos");
        String slave = Sql.string(c, "SELECT @@global.gtid_slave_pos");
        long term = MariaDbTerm.read(c);
        List<Map<String, String>> slaves = Sql.rows(c, "SHOW ALL SLAVES STATUS");
        Optional<Upstream> up = slaves.stream().findFirst().map(r -> new Upstream(r.get("Master_Host"),
                Integer.parseInt(r.get("Master_Port")), "Yes".equals(r.get("Slave_IO_Running")),
                "Yes".equals(r.get("Slave_SQL_Running")), nz(r.get("Gtid_IO_Pos")),
                (nz(r.get("Last_IO_Error")) + " " + nz(r.get("Last_SQL_Error"))).trim(),
                seconds(r.get("Seconds_Behind_Master")), number(r.get("Relay_Log_Space"))));
        return new MariaDbNodeState(ro, nz(binlog), nz(slave), term, up);
    }

    /** A primary takes writes and follows nobody. */
    boolean isPrimary() {
        return !readOnly && upstream.isEmpty();
    }

    /** MariaDB's own estimate of the apply delay; NULL (unknown) while a replication thread is stopped. */
    private static Optional<Duration> seconds(String value) {
        try {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
