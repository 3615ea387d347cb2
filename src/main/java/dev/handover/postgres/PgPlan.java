package dev.handover.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.handover.postgres.Sql.string;

/**
 * What a switchover will do with the parts of the topology that live in settings, read before anything
 * is frozen so that a run that cannot know them is refused with nothing changed:
 * <ul>
 *   <li><b>start options</b> of the old primary ({@code postmaster.opts}), so it comes back as its service
 *       started it (same port, config file, {@code -c} settings);</li>
 *   <li><b>slots</b>: the physical slot every node streams through as a standby ({@code primary_slot_name}).
 *       An old primary without one gets one named after it when the cluster streams through slots, so
 *       that it too holds its WAL on the new primary. These are the topology's slots: created on each
 *       new upstream before a standby is pointed there, dropped where nothing needs them any more. Any
 *       other slot is not Handover's and is left alone (and named in the report);</li>
 *   <li><b>logical slots</b> on the old primary refuse the run: PostgreSQL 15 does not carry them to a
 *       promoted standby, so their consumers would silently lose their place;</li>
 *   <li><b>synchronous replication</b>: the {@code synchronous_standby_names} the new primary will run
 *       with ({@link SyncStandbyNames#forNewPrimary}).</li>
 * </ul>
 */
record PgPlan(Optional<StartOptions> oldPrimaryStart, Map<String, String> slots, SyncStandbyNames targetSync,
              SyncStandbyNames newPrimarySync) {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    PgPlan {
        slots = Map.copyOf(slots);
    }

    Optional<String> slotFor(String nodeId) {
        return Optional.ofNullable(slots.get(nodeId));
    }

    /** Slot names the topology uses: a slot by one of these names is Handover's to create and drop. */
    Set<String> topologySlots() {
        return new HashSet<>(slots.values());
    }

    /** Whether the run must write the new primary's synchronous_standby_names before promoting it. */
    boolean rewritesSync() {
        return !newPrimarySync.equals(targetSync);
    }

    static PgPlan read(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary,
                       PgNodeDefinition target, Connection control, Connection targetSession) throws SQLException {
        Optional<StartOptions> start = Optional.empty();
        SyncStandbyNames oldSync;
        String oldSlot;
        try (Statement st = control.createStatement()) {
            List<String> logical = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT slot_name || ' (database ' || coalesce(database, '?') || ', plugin '"
                    + " || coalesce(plugin, '?') || ')' FROM pg_replication_slots WHERE slot_type = 'logical'")) {
                while (rs.next()) {
                    logical.add(rs.getString(1));
                }
            }
            if (!logical.isEmpty()) {
                throw new SQLException(oldPrimary.id() + " has logical replication slot(s) " + String.join(", ", logical)
                        + ": PostgreSQL 15 does not carry logical slots to a promoted standby, so their consumers would "
                        + "lose their position. Drop them (or move their consumers) first; nothing was frozen");
            }
            if (oldPrimary.local().isPresent()) {
                try {
                    start = Optional.of(StartOptions.parse(string(st, "SELECT pg_read_file('postmaster.opts')")));
                } catch (SQLException | IllegalArgumentException e) {
                    throw new SQLException("cannot tell how " + oldPrimary.id() + " was started (postmaster.opts: "
                            + e.getMessage() + "), so it could not be brought back as a standby the same way; nothing was frozen", e);
                }
            }
            oldSync = SyncStandbyNames.parse(string(st, "SHOW synchronous_standby_names"));
            oldSlot = string(st, "SHOW primary_slot_name");
        }
        Map<String, String> slots = new LinkedHashMap<>();
        SyncStandbyNames targetSync;
        try (Statement st = targetSession.createStatement()) {
            targetSync = SyncStandbyNames.parse(string(st, "SHOW synchronous_standby_names"));
            putSlot(slots, target.id(), string(st, "SHOW primary_slot_name"));
        }
        for (PgNodeDefinition n : definition.nodes()) {
            if (n.id().equals(oldPrimary.id()) || n.id().equals(target.id())) {
                continue;
            }
            try (Connection c = connector.open(n, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
                putSlot(slots, n.id(), string(st, "SHOW primary_slot_name"));
            } catch (SQLException e) {
                // An unreachable sibling cannot be re-pointed either; the commit names it as a remaining step.
            }
        }
        if (!oldSlot.isBlank()) {
            slots.put(oldPrimary.id(), oldSlot);
        } else if (!slots.isEmpty()) {
            slots.put(oldPrimary.id(), slotName(oldPrimary.id()));
        }
        Set<String> standbys = new HashSet<>();
        definition.nodes().stream().map(PgNodeDefinition::id).filter(id -> !id.equals(target.id())).forEach(standbys::add);
        SyncStandbyNames next = SyncStandbyNames.forNewPrimary(targetSync, oldSync, target.id(), oldPrimary.id(), standbys);
        return new PgPlan(start, slots, targetSync, next);
    }

    private static void putSlot(Map<String, String> slots, String id, String slot) {
        if (!slot.isBlank()) {
            slots.put(id, slot);
        }
    }

    /** A valid slot name for a node id: lower case letters, digits and underscores. */
    static String slotName(String nodeId) {
        String s = nodeId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }
}
