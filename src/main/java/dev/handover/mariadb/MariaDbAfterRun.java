package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * After a commit on MariaDB: reads every node back until each replica is seen streaming from the new
 * primary, or the wait is over, and turns what it saw into the outcome's evidence ({@link AfterRun}). An
 * old primary that cannot follow (its binlog holds transactions the new primary lacks: a forced handover's
 * errant GTIDs) is left fenced — read_only, replication stopped — and the remaining steps say how to bring
 * it back.
 */
final class MariaDbAfterRun {
    /** Replicas reconnect within a second or two on a healthy network; MASTER_CONNECT_RETRY is 1 s. */
    static final Duration VERIFY_WAIT = Duration.ofSeconds(15);

    private MariaDbAfterRun() {
    }

    static AfterRun verify(MariaDbClusterDefinition def, Map<String, MariaDbConnector> connectors,
                           MariaDbCommitReport commit, long newTerm, Duration wait) {
        dev.handover.cluster.FaultPoint.reached("verifying");
        String newPrimary = commit.newPrimary();
        String oldPrimary = commit.oldPrimary();
        MariaDbNodeDefinition target = def.node(newPrimary).orElseThrow();
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Read> reads;
        while (true) {
            reads = readAll(def, connectors);
            boolean settled = reads.entrySet().stream().filter(e -> !e.getKey().equals(newPrimary))
                    .allMatch(e -> e.getValue().state().map(s -> follows(s, target)).orElse(false));
            if (settled || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        List<TopologyCheck> checks = new ArrayList<>();
        List<String> remaining = new ArrayList<>(commit.problems());
        Read p = reads.get(newPrimary);
        checks.add(new TopologyCheck(newPrimary + " takes writes under term " + newTerm,
                p.state().map(s -> s.isPrimary() && s.term() == newTerm).orElse(false),
                p.state().map(s -> (s.readOnly() ? "read_only=1" : "read_only=0") + ", term " + s.term()
                        + s.upstream().map(u -> ", still replicating from " + u.addr()).orElse(", no replication source"))
                        .orElse("unreachable: " + p.error()), TopologyCheck.Severity.DEGRADING));
        for (MariaDbNodeDefinition n : def.nodes()) {
            if (n.id().equals(newPrimary)) {
                continue;
            }
            Read r = reads.get(n.id());
            boolean ok = r.state().map(s -> follows(s, target)).orElse(false);
            checks.add(new TopologyCheck(n.id() + " replicates from " + newPrimary, ok, r.seen(), TopologyCheck.Severity.DEGRADING));
            if (ok) {
                continue;
            }
            if (n.id().equals(oldPrimary)) {
                stopFenced(connectors.get(oldPrimary));
                remaining.add(oldPrimary + " is fenced: read_only=1, replication stopped. Its binlog may hold transactions "
                        + newPrimary + " lacks (frozen at " + commit.frontier() + ", " + newPrimary + " had applied "
                        + commit.applied() + ").");
                remaining.add("Rebuild " + oldPrimary + " from a backup of " + newPrimary + " (mariadb-backup), or after "
                        + "review SET GLOBAL gtid_slave_pos to " + newPrimary + "'s position and START SLAVE.");
            } else {
                remaining.add("Check " + n.id() + " (SHOW ALL SLAVES STATUS): " + r.seen() + ". A replica that had applied"
                        + " more than " + newPrimary + " cannot follow it either; rebuild it from " + newPrimary + ".");
            }
        }
        // Read again after any fencing, so the roles are what the nodes show now.
        return new AfterRun(commit.done(), remaining, checks, roles(def, connectors));
    }

    /** Every node's role as a read now shows it. */
    static List<ObservedRole> roles(MariaDbClusterDefinition def, Map<String, MariaDbConnector> connectors) {
        Map<String, Read> now = readAll(def, connectors);
        return def.nodes().stream().map(n -> role(n.id(), now.get(n.id()), def)).toList();
    }

    /** Streaming (IO and SQL threads running) from the new primary's host:port. */
    static boolean follows(MariaDbNodeState s, MariaDbNodeDefinition newPrimary) {
        return s.upstream().map(u -> u.streaming() && u.addr().equals(newPrimary.addr())).orElse(false);
    }

    private static Map<String, Read> readAll(MariaDbClusterDefinition def, Map<String, MariaDbConnector> connectors) {
        Map<String, Read> out = new LinkedHashMap<>();
        for (MariaDbNodeDefinition n : def.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                out.put(n.id(), new Read(Optional.of(MariaDbNodeState.read(c)), ""));
            } catch (SQLException e) {
                out.put(n.id(), new Read(Optional.empty(), e.getMessage()));
            }
        }
        return out;
    }

    private static ObservedRole role(String id, Read r, MariaDbClusterDefinition def) {
        if (r.state().isEmpty()) {
            return new ObservedRole(id, ObservedRole.Kind.UNREACHABLE, 0, Optional.empty(), "unreachable: " + r.error());
        }
        MariaDbNodeState s = r.state().get();
        if (s.isPrimary()) {
            return new ObservedRole(id, ObservedRole.Kind.PRIMARY, s.term(), Optional.empty(),
                    "takes writes (read_only=0), at " + s.binlogPos());
        }
        Optional<String> upstream = s.upstream().filter(MariaDbNodeState.Upstream::streaming)
                .map(MariaDbNodeState.Upstream::addr);
        return new ObservedRole(id, ObservedRole.Kind.REPLICA, s.term(), upstream, r.seen(def));
    }

    /** One node as read: its state, or why it could not be read. */
    private record Read(Optional<MariaDbNodeState> state, String error) {
        String seen() {
            return state.map(s -> s.upstream().map(u -> (u.streaming() ? "streaming from " : "stopped, source ") + u.addr()
                            + ", applied " + s.slavePos() + (u.error().isEmpty() ? "" : ": " + u.error()))
                    .orElse(s.readOnly() ? "read_only, no replication source" : "takes writes, no replication source"))
                    .orElse("unreachable: " + error);
        }

        String seen(MariaDbClusterDefinition def) {
            String text = seen();
            for (MariaDbNodeDefinition n : def.nodes()) {
                text = text.replace("from " + n.addr(), "from " + n.id() + " (" + n.addr() + ")");
            }
            return text;
        }
    }

    /** Replication stopped on a node that cannot follow, so it neither retries nor diverges further. */
    private static void stopFenced(MariaDbConnector node) {
        try (Connection c = node.open()) {
            Sql.exec(c, "SET GLOBAL read_only = 1");
            Sql.exec(c, "STOP ALL SLAVES");
        } catch (SQLException ignored) {
            // the check already says it does not follow; the remaining steps say what to check
        }
    }
}
