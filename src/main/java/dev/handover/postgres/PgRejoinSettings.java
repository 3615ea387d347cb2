package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.handover.postgres.Sql.string;

/**
 * What the nodes a repair brings back need to follow the primary: the replication slots the topology
 * names, and the primary_conninfo each one connects with. Apart from {@link PgRecovery} because it only
 * reads, from the nodes and their data directories, before the repair changes anything.
 */
final class PgRejoinSettings {
    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgRejoinSettings(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    /** Slots as the nodes name them now; a stopped node's from its own postgresql.auto.conf, else one named after it. */
    PgPlan plan(Map<String, PgNodeStatus> seen, PgNodeDefinition p, List<PgNodeDefinition> toRejoin) {
        Map<String, String> slots = new LinkedHashMap<>();
        for (PgNodeDefinition n : definition.nodes()) {
            if (!seen.get(n.id()).reachable()) {
                continue; // the primary's own former slot counts too: it is the topology's, stale on the others
            }
            try (Connection c = connector.open(n, PgRecovery.SOCKET_TIMEOUT); Statement st = c.createStatement()) {
                String slot = string(st, "SHOW primary_slot_name");
                if (!slot.isBlank()) {
                    slots.put(n.id(), slot);
                }
            } catch (SQLException e) {
                // unreachable since: its own step says so
            }
        }
        boolean usesSlots = !slots.isEmpty();
        for (PgNodeDefinition n : toRejoin) {
            Optional<String> own = n.local().flatMap(l -> AutoConf.read(l.dataDir().resolve("postgresql.auto.conf"), "primary_slot_name"));
            if (own.isPresent() && !own.get().isBlank()) {
                slots.put(n.id(), own.get());
            } else if (usesSlots) {
                slots.put(n.id(), PgPlan.slotName(n.id()));
            }
        }
        return new PgPlan(Optional.empty(), slots, SyncStandbyNames.ASYNC, SyncStandbyNames.ASYNC);
    }

    /**
     * How {@code n} will connect: its own primary_conninfo when it has one (a standby stopped by the repair
     * keeps its user and password), else the cluster's ({@link #template}).
     */
    static Conninfo templateFor(PgNodeDefinition n, Conninfo cluster, Map<String, PgNodeStatus> seen) {
        Optional<String> own = n.local().flatMap(l -> AutoConf.read(l.dataDir().resolve("postgresql.auto.conf"), "primary_conninfo"))
                .filter(x -> !x.isBlank());
        return own.map(Conninfo::parse).orElse(cluster);
    }

    /** The primary's own primary_conninfo (a promoted standby keeps it), else that of a standby streaming now. */
    Conninfo template(Connection primary, Map<String, PgNodeStatus> seen) throws SQLException {
        try (Statement st = primary.createStatement()) {
            String own = string(st, "SHOW primary_conninfo");
            if (!own.isBlank()) {
                return Conninfo.parse(own);
            }
        }
        for (PgNodeStatus s : seen.values()) {
            if (s.reachable() && s.inRecovery()) {
                try (Connection c = connector.open(s.node(), PgRecovery.SOCKET_TIMEOUT); Statement st = c.createStatement()) {
                    String theirs = string(st, "SHOW primary_conninfo");
                    if (!theirs.isBlank()) {
                        return Conninfo.parse(theirs);
                    }
                } catch (SQLException e) {
                    // the next standby, or none
                }
            }
        }
        return Conninfo.empty();
    }
}
