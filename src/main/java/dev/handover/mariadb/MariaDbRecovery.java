package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.StaleFreezeRelease;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishing what a dead run left on MariaDB, from what the nodes show now, never from what the run meant.
 * The freeze itself (the global read lock) died with the run's session; what can outlive it is the
 * commit's fencing: the old primary left {@code read_only=1}. A run that died before promoting anything
 * is released by lifting that; one that died after is repaired by making the one new primary writable and
 * re-pointing every other node at it.
 */
final class MariaDbRecovery {
    private final MariaDbClusterDefinition definition;
    private final Map<String, MariaDbConnector> connectors;

    MariaDbRecovery(MariaDbClusterDefinition definition, Map<String, MariaDbConnector> connectors) {
        this.definition = definition;
        this.connectors = connectors;
    }

    /**
     * Lifts {@code read_only} on the run's old primary once the cluster shows nothing was committed: every
     * node reachable, no node holding a term above the run's, no node taking writes, the target still
     * replicating from the old primary. Otherwise refuses, naming what to check.
     */
    StaleFreezeRelease.Result release(StaleFreezeRelease.StaleRun run) {
        Map<String, MariaDbNodeState> states = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                states.put(n.id(), MariaDbNodeState.read(c));
            } catch (SQLException e) {
                reasons.add(n.id() + " cannot be reached (" + e.getMessage() + "): it may have been promoted");
            }
        }
        MariaDbNodeDefinition old = definition.node(run.primary()).orElse(null);
        MariaDbNodeState oldState = states.get(run.primary());
        if (old == null || oldState == null) {
            reasons.add(old == null ? "the definition has no node " + run.primary() : run.primary() + " cannot be read");
            return new StaleFreezeRelease.Result.Refused(reasons);
        }
        states.forEach((id, s) -> {
            if (s.term() > run.term()) {
                reasons.add(id + " holds term " + s.term() + ", above the run's " + run.term() + ": a handover was committed");
            }
            if (!id.equals(run.primary()) && s.isPrimary()) {
                reasons.add(id + " takes writes (read_only=0, no replication source)");
            }
        });
        MariaDbNodeState target = states.get(run.target());
        if (target != null && target.upstream().map(u -> !u.addr().equals(old.addr())).orElse(true)) {
            reasons.add(run.target() + " no longer replicates from " + run.primary() + " ("
                    + target.upstream().map(u -> "source " + u.addr()).orElse("no replication source") + ")");
        }
        if (oldState.upstream().isPresent()) {
            reasons.add(run.primary() + " replicates from " + oldState.upstream().get().addr() + ": it was demoted");
        }
        if (!reasons.isEmpty()) {
            return new StaleFreezeRelease.Result.Refused(reasons);
        }
        if (!oldState.readOnly()) {
            return new StaleFreezeRelease.Result.AlreadyWritable(run.primary(), run.primary()
                    + " takes writes (read_only=0); the run's lock ended with its session");
        }
        try (Connection c = connectors.get(run.primary()).open()) {
            Sql.exec(c, "SET GLOBAL read_only = 0");
            boolean writable = Sql.number(c, "SELECT @@global.read_only") == 0;
            return writable ? new StaleFreezeRelease.Result.Released(run.primary(), "read_only=0 on " + run.primary()
                    + " (seen); nothing had been committed: " + run.target() + " still replicates from it under term " + run.term())
                    : new StaleFreezeRelease.Result.Refused(List.of(run.primary() + " still shows read_only=1 after it was set to 0"));
        } catch (SQLException e) {
            return new StaleFreezeRelease.Result.Refused(List.of("could not set read_only=0 on " + run.primary() + ": "
                    + e.getMessage()));
        }
    }

    /**
     * One writable primary with every other node following it: the node taking writes, or else the one
     * without a replication source holding the highest term (promoted by a run that died before read_only=0).
     * Nodes not streaming from it are re-pointed; a node that was a primary folds its own binlog in
     * (MASTER_DEMOTE_TO_SLAVE). Ambiguity changes nothing and says why.
     */
    Repaired repair() {
        Map<String, MariaDbNodeState> states = new LinkedHashMap<>();
        List<String> done = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                states.put(n.id(), MariaDbNodeState.read(c));
            } catch (SQLException e) {
                remaining.add("Reach " + n.id() + " (" + e.getMessage() + ") and run `handover recover --repair` again");
            }
        }
        Optional<String> primary = choosePrimary(states, remaining);
        if (primary.isEmpty()) {
            return new Repaired(Optional.empty(), done, remaining);
        }
        String p = primary.get();
        MariaDbNodeDefinition newPrimary = definition.node(p).orElseThrow();
        try {
            if (states.get(p).readOnly()) {
                try (Connection c = connectors.get(p).open()) {
                    Sql.exec(c, "SET GLOBAL read_only = 0");
                }
                done.add(p + " (term " + states.get(p).term() + ", no replication source) made writable: read_only=0");
            }
        } catch (SQLException e) {
            remaining.add("SET GLOBAL read_only = 0 on " + p + " by hand (" + e.getMessage() + ")");
            return new Repaired(primary, done, remaining);
        }
        String password = connectors.get(p).password();
        states.forEach((id, s) -> {
            if (id.equals(p) || MariaDbAfterRun.follows(s, newPrimary)) {
                return;
            }
            boolean wasPrimary = s.upstream().isEmpty();
            try (Connection c = connectors.get(id).open()) {
                MariaDbCommit.follow(c, newPrimary, password, wasPrimary);
                done.add(id + " re-pointed at " + p + (wasPrimary ? " (MASTER_DEMOTE_TO_SLAVE=1: it had been a primary)" : "")
                        + ", replication started");
            } catch (SQLException e) {
                remaining.add("Re-point " + id + " at " + p + " by hand (CHANGE MASTER TO … MASTER_USE_GTID=slave_pos): "
                        + e.getMessage());
            }
        });
        return new Repaired(primary, done, remaining);
    }

    private static Optional<String> choosePrimary(Map<String, MariaDbNodeState> states, List<String> remaining) {
        List<String> writable = states.entrySet().stream().filter(e -> e.getValue().isPrimary()).map(Map.Entry::getKey).toList();
        if (writable.size() == 1) {
            return Optional.of(writable.get(0));
        }
        if (writable.size() > 1) {
            remaining.add("Several nodes take writes (" + String.join(", ", writable) + "): decide which keeps its data, set "
                    + "read_only=1 on the others and rebuild them from it; nothing was changed");
            return Optional.empty();
        }
        long top = states.values().stream().filter(s -> s.upstream().isEmpty()).mapToLong(MariaDbNodeState::term).max().orElse(-1);
        List<String> holders = states.entrySet().stream().filter(e -> e.getValue().upstream().isEmpty()
                && e.getValue().term() == top).map(Map.Entry::getKey).toList();
        if (holders.size() == 1) {
            return Optional.of(holders.get(0));
        }
        remaining.add("No node takes writes and no single unreplicated node holds the highest term ("
                + (holders.isEmpty() ? "every node replicates" : String.join(", ", holders) + " under term " + top)
                + "): decide which node is primary; nothing was changed");
        return Optional.empty();
    }

    /** What a repair did: the primary it converged on (empty when it could not choose), its steps, what is left. */
    record Repaired(Optional<String> primary, List<String> done, List<String> remaining) {
        List<AfterRun.Step> steps() {
            return done.stream().map(d -> new AfterRun.Step(Optional.empty(), d)).toList();
        }
    }
}
