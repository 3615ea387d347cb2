package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Each node asked whether it takes writes: in recovery, or {@code default_transaction_read_only} as a new
 * session sees it. Apart from {@link PgCluster} because it reads the server's own setting, not the status
 * Handover's sessions see.
 */
final class PgWriteProbe implements dev.handover.cluster.WriteProbe {
    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgWriteProbe(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    @Override
    public List<dev.handover.cluster.WriteProbe.NodeWrites> check() {
        List<dev.handover.cluster.WriteProbe.NodeWrites> out = new ArrayList<>();
        for (PgNodeDefinition n : definition.nodes()) {
            try (Connection c = connector.open(n, PgCluster.STATUS_SOCKET_TIMEOUT, PgRunLock.runName());
                 java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), coalesce((SELECT setting FROM pg_file_settings WHERE "
                         + "name = 'default_transaction_read_only' AND applied ORDER BY seqno DESC LIMIT 1), 'off')")) {
                // the server's own setting, as an application session gets it (Handover's sessions override it)
                rs.next();
                java.time.Instant at = java.time.Instant.now();
                String ro = List.of("on", "true", "yes", "1").contains(rs.getString(2)) ? "on" : "off";
                out.add(rs.getBoolean(1) ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                        dev.handover.cluster.WriteProbe.State.STANDBY, "in recovery", at)
                        : ro.equals("on") ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                        dev.handover.cluster.WriteProbe.State.FROZEN, "default_transaction_read_only on", at)
                        : new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                        dev.handover.cluster.WriteProbe.State.TAKES_WRITES, "primary, default_transaction_read_only off", at));
            } catch (SQLException e) {
                out.add(new dev.handover.cluster.WriteProbe.NodeWrites(n.id(), dev.handover.cluster.WriteProbe.State.UNREACHABLE,
                        String.valueOf(e.getMessage()), java.time.Instant.now()));
            }
        }
        return out;
    }
}
