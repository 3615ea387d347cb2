package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * After a commit: waits, bounded, until every replica is seen streaming from the new primary (IO and
 * SQL threads running, source host:port the new primary's). An old primary that cannot follow (its
 * binlog holds transactions the new primary lacks: a forced handover's errant GTIDs) is left fenced,
 * read_only with replication stopped, and the report says how to bring it back.
 */
final class MariaDbVerify {
    private MariaDbVerify() {
    }

    static MariaDbCommitReport observe(MariaDbClusterDefinition def, Map<String, MariaDbConnector> connectors,
                                       String newPrimary, String oldPrimary, List<String> replicas,
                                       List<String> problems, String frontier, String applied, Duration wait) {
        MariaDbNodeDefinition target = def.node(newPrimary).orElseThrow();
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, String> seen = new LinkedHashMap<>();
        List<String> lagging;
        while (true) {
            lagging = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<MariaDbNodeState> states = new ArrayList<>();
            for (String id : replicas) {
                try (Connection c = connectors.get(id).open()) {
                    MariaDbNodeState s = MariaDbNodeState.read(c);
                    ids.add(id);
                    states.add(s);
                    seen.put(id, s.upstream().map(u -> "from " + u.addr() + (u.streaming() ? ", streaming" : ", stopped")
                            + ", applied " + s.slavePos()).orElse("no replication source"));
                } catch (SQLException e) {
                    lagging.add(id + " (unreachable: " + e.getMessage() + ")");
                    seen.put(id, "unreachable");
                }
            }
            lagging.addAll(MariaDbCommit.notFollowing(ids, states, target));
            if (lagging.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        List<String> all = new ArrayList<>(problems);
        all.addAll(lagging.stream().map(l -> "not streaming from " + newPrimary + ": " + l).toList());
        List<String> steps = new ArrayList<>();
        if (lagging.stream().anyMatch(l -> l.startsWith(oldPrimary + " "))) {
            stopFenced(connectors.get(oldPrimary));
            steps.add(oldPrimary + " is fenced: read_only=1, replication stopped. Its binlog may hold transactions "
                    + newPrimary + " lacks (frozen at " + frontier + ", " + newPrimary + " had applied " + applied + ").");
            steps.add("Rebuild " + oldPrimary + " from a backup of " + newPrimary + " (mariadb-backup), or after review "
                    + "SET GLOBAL gtid_slave_pos to " + newPrimary + "'s position and START SLAVE.");
        }
        for (String l : lagging) {
            if (!l.startsWith(oldPrimary + " ")) {
                steps.add("Check " + l.substring(0, l.indexOf(' ')) + " (SHOW ALL SLAVES STATUS): a replica that had"
                        + " applied more than " + newPrimary + " cannot follow it either; rebuild it from " + newPrimary + ".");
            }
        }
        return new MariaDbCommitReport(newPrimary, frontier, applied, seen, all, steps);
    }

    /** Replication stopped on a node that cannot follow, so it neither retries nor diverges further. */
    private static void stopFenced(MariaDbConnector node) {
        try (Connection c = node.open()) {
            Sql.exec(c, "SET GLOBAL read_only = 1");
            Sql.exec(c, "STOP ALL SLAVES");
        } catch (SQLException ignored) {
            // the report already says it does not follow; the steps say what to check
        }
    }
}
