package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.StepJournal;

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

    /** Every node's state and GTID binlog state as read now; nodes that could not be read are named. */
    private record Seen(Map<String, MariaDbNodeState> states, Map<String, String> binlogStates, Map<String, String> unreachable) {
    }

    private Seen read() {
        Map<String, MariaDbNodeState> states = new LinkedHashMap<>();
        Map<String, String> binlog = new LinkedHashMap<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                states.put(n.id(), MariaDbNodeState.read(c));
                binlog.put(n.id(), Sql.string(c, "SELECT @@global.gtid_binlog_state"));
            } catch (SQLException e) {
                unreachable.put(n.id(), String.valueOf(e.getMessage()));
            }
        }
        return new Seen(states, binlog, unreachable);
    }

    /** What a repair would do now; changes nothing. */
    RepairPlan plan(Optional<String> requested) {
        return decide(read(), requested);
    }

    /**
     * The plan from what the nodes show: the primary is a writable node, or else the unreplicated node
     * holding the highest term; by default the one whose choice discards the fewest transactions (GTIDs a
     * node holds that it lacks, counted by seq under gtid_strict_mode). Two writable nodes are a hazard;
     * every node holding GTIDs the primary lacks is a discard. An unreachable node makes it refuse: its
     * GTIDs cannot be counted.
     */
    private RepairPlan decide(Seen seen, Optional<String> requested) {
        List<String> refusals = new ArrayList<>();
        List<String> hazards = new ArrayList<>();
        Map<String, MariaDbNodeState> states = seen.states();
        List<RepairPlan.NodeFate> asIs = new ArrayList<>();
        states.forEach((id, st) -> asIs.add(new RepairPlan.NodeFate(id, describe(id, st, seen), "left as it is")));
        seen.unreachable().forEach((id, why) -> {
            asIs.add(new RepairPlan.NodeFate(id, id + " cannot be reached (" + why + ")", "left as it is"));
            refusals.add("Reach " + id + " (" + why + ") and run `handover recover --repair` again: what it holds cannot be counted");
        });
        List<String> writable = states.entrySet().stream().filter(e -> e.getValue().isPrimary()).map(Map.Entry::getKey).toList();
        if (writable.size() > 1) {
            hazards.add("Several nodes take writes (" + String.join(", ", writable) + "): TWO WRITABLE PRIMARIES");
        }
        List<String> candidates;
        if (!writable.isEmpty()) {
            candidates = writable;
        } else {
            long top = states.values().stream().filter(st -> st.upstream().isEmpty()).mapToLong(MariaDbNodeState::term).max().orElse(-1);
            candidates = states.entrySet().stream().filter(e -> e.getValue().upstream().isEmpty() && e.getValue().term() == top)
                    .map(Map.Entry::getKey).toList();
            // Several unreplicated nodes under the top term (a run killed while its target promoted: the target's
            // replication reset, its term not yet written) are all candidates; none takes writes, so choosing one
            // makes no second primary, and what each choice would discard is counted below like any other.
            if (candidates.isEmpty()) {
                refusals.add("No node takes writes and every node replicates: decide which node is primary; nothing was changed");
            }
        }
        if (!refusals.isEmpty()) {
            return RepairPlan.refused("the repair cannot settle on a primary", asIs, refusals);
        }
        Map<String, List<RepairPlan.Discard>> losses = new LinkedHashMap<>();
        for (String c : candidates) {
            losses.put(c, discards(seen, c));
        }
        String chosen;
        String why;
        if (requested.isPresent()) {
            if (!candidates.contains(requested.get())) {
                refusals.add(requested.get() + " cannot be the primary: the possible primaries are " + String.join(", ", candidates));
                return RepairPlan.refused("the primary asked for cannot be used", asIs, refusals);
            }
            chosen = requested.get();
            why = "chosen by the operator";
        } else {
            // The fewest transactions discarded; on a tie the node most others already replicate from (the least
            // change: after a run killed mid-promotion that is the old primary, which holds the same GTIDs), then by id.
            chosen = candidates.stream().min(java.util.Comparator.<String>comparingLong(c -> losses.get(c).stream()
                            .mapToLong(RepairPlan.Discard::transactions).sum())
                    .thenComparing(c -> -followers(states, c))
                    .thenComparing(java.util.Comparator.naturalOrder())).orElseThrow();
            why = candidates.size() == 1 ? (writable.isEmpty() ? "the unreplicated node holding the highest term ("
                    + states.get(chosen).term() + ")" : "the only node taking writes")
                    : writable.isEmpty() ? "of the read-only unreplicated nodes under term " + states.get(chosen).term() + " ("
                    + String.join(", ", candidates) + "), choosing it discards the fewest transactions"
                    + (followers(states, chosen) > 0 ? " and the others already replicate from it" : "")
                    : "it holds the most GTIDs of the writable nodes (" + String.join(", ", candidates) + ")";
        }
        List<RepairPlan.Discard> discards = losses.get(chosen);
        List<RepairPlan.Alternative> alternatives = candidates.stream().filter(c -> !c.equals(chosen))
                .map(c -> new RepairPlan.Alternative(c, losses.get(c))).toList();
        List<String> steps = new ArrayList<>();
        List<RepairPlan.NodeFate> fates = new ArrayList<>();
        for (String w : writable) {
            if (!w.equals(chosen)) {
                steps.add("fence " + w + ": SET GLOBAL read_only = 1, before anything else");
            }
        }
        if (states.get(chosen).readOnly()) {
            steps.add("make " + chosen + " writable: SET GLOBAL read_only = 0");
        }
        MariaDbNodeDefinition p = definition.node(chosen).orElseThrow();
        for (Map.Entry<String, MariaDbNodeState> e : states.entrySet()) {
            String id = e.getKey();
            Optional<RepairPlan.Discard> loss = discards.stream().filter(d -> d.node().equals(id)).findFirst();
            String becomes;
            if (id.equals(chosen)) {
                becomes = "the primary";
            } else if (loss.isPresent()) {
                becomes = "fenced (read_only=1), DISCARDING " + loss.get().text() + ": rebuild it from " + chosen
                        + " by hand (MariaDB cannot rewind it)";
                steps.add("leave " + id + " fenced and list its rebuild from " + chosen);
            } else if (MariaDbAfterRun.follows(e.getValue(), p)) {
                becomes = "a replica of " + chosen + " (already)";
            } else {
                becomes = "re-pointed at " + chosen;
                steps.add("re-point " + id + " at " + chosen + " (CHANGE MASTER TO … MASTER_USE_GTID=slave_pos)");
            }
            fates.add(new RepairPlan.NodeFate(id, describe(id, e.getValue(), seen), becomes));
        }
        return new RepairPlan(Optional.of(chosen), why, fates, steps, discards, hazards, List.of(), alternatives);
    }

    /** How many nodes replicate from {@code id} now. */
    private long followers(Map<String, MariaDbNodeState> states, String id) {
        MariaDbNodeDefinition n = definition.node(id).orElseThrow();
        return states.values().stream().filter(s -> MariaDbAfterRun.follows(s, n)).count();
    }

    private static String describe(String id, MariaDbNodeState s, Seen seen) {
        return id + (s.isPrimary() ? " takes writes" : s.upstream().isPresent() ? " replicates from " + s.upstream().get().addr()
                : " read_only, no replication source") + " (term " + s.term() + ", GTIDs " + seen.binlogStates().getOrDefault(id, "")
                + ")";
    }

    /**
     * The GTIDs each node holds that {@code primary} lacks. Under gtid_strict_mode a domain's seq grows by one per
     * transaction whoever wrote it: a node's own writes past what it shares are its top seq minus the highest seq
     * it holds from the writers the primary has too.
     */
    private List<RepairPlan.Discard> discards(Seen seen, String primary) {
        Map<String, Long> mine = gtidState(seen.binlogStates().getOrDefault(primary, ""));
        List<RepairPlan.Discard> out = new ArrayList<>();
        seen.binlogStates().forEach((id, state) -> {
            if (id.equals(primary)) {
                return;
            }
            Map<String, Long> theirs = gtidState(state);
            long missing = 0;
            List<String> ranges = new ArrayList<>();
            for (Map.Entry<String, Long> e : theirs.entrySet()) {
                String domain = e.getKey().substring(0, e.getKey().indexOf('-'));
                long have = mine.getOrDefault(e.getKey(), 0L);
                if (e.getValue() <= have) {
                    continue;
                }
                // the node's last seq from any other writer of this domain: where its own writes began
                long shared = theirs.entrySet().stream().filter(o -> !o.getKey().equals(e.getKey())
                        && o.getKey().startsWith(domain + "-") && o.getValue() < e.getValue()).mapToLong(Map.Entry::getValue)
                        .max().orElse(0);
                long from = Math.max(have, shared);
                missing += e.getValue() - from;
                ranges.add(e.getKey() + "-" + (from + 1) + ".." + e.getValue());
            }
            if (missing > 0) {
                out.add(new RepairPlan.Discard(id, 0, missing, true, "GTID seq difference under gtid_strict_mode: one seq is "
                        + "one committed transaction", "GTIDs " + String.join(", ", ranges) + " that " + primary + " does not hold"));
            }
        });
        return out;
    }

    /** {@code 0-1-100,0-3-120} -> {0-1: 100, 0-3: 120}. */
    private static Map<String, Long> gtidState(String list) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String g : list.split(",")) {
            if (!g.isBlank()) {
                Gtid gtid = Gtid.parse(g);
                out.merge(gtid.domain() + "-" + gtid.server(), gtid.seq(), Math::max);
            }
        }
        return out;
    }

    /**
     * Plans again and acts only when {@code approval} covers that plan: every other writable node fenced
     * (read_only=1) first, then the primary made writable, every other node re-pointed at it, and a node
     * whose transactions are discarded left fenced with its rebuild as a remaining step. Every step is
     * journaled as an intent and an event.
     */
    Repaired repair(RepairApproval approval, StepJournal journal) {
        List<String> done = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        Seen seen = read();
        RepairPlan plan = decide(seen, approval.primary());
        Optional<String> gap = approval.gap(plan);
        if (gap.isPresent()) {
            remaining.addAll(plan.refusals());
            remaining.addAll(plan.hazards());
            remaining.add("nothing was changed: " + gap.get());
            return new Repaired(Optional.empty(), done, remaining);
        }
        String p = plan.primary().orElseThrow();
        Map<String, MariaDbNodeState> states = seen.states();
        for (RepairPlan.Discard loss : plan.discards()) {
            journal.done("approved-discard", loss.node(), "approved by " + approval.operator() + ": " + loss.text());
        }
        for (Map.Entry<String, MariaDbNodeState> e : states.entrySet()) {
            if (!e.getKey().equals(p) && e.getValue().isPrimary()
                    && !step(journal, "fence", e.getKey(), done, remaining, () -> setReadOnly(e.getKey(), true, done))) {
                remaining.add("nothing else was changed: " + e.getKey() + " still takes writes");
                return new Repaired(Optional.empty(), done, remaining);
            }
        }
        if (states.get(p).readOnly() && !step(journal, "make-writable", p, done, remaining, () -> {
            setReadOnly(p, false, done);
            done.set(done.size() - 1, p + " (term " + states.get(p).term() + ", no replication source) made writable: read_only=0");
        })) {
            return new Repaired(Optional.of(p), done, remaining);
        }
        MariaDbNodeDefinition newPrimary = definition.node(p).orElseThrow();
        String password = connectors.get(p).password();
        states.forEach((id, s) -> {
            Optional<RepairPlan.Discard> loss = plan.discards().stream().filter(d -> d.node().equals(id)).findFirst();
            if (loss.isPresent()) {
                remaining.add("rebuild " + id + " from " + p + " (it stays fenced, read_only=1; the rebuild discards "
                        + loss.get().text() + ", as approved)");
                return;
            }
            if (id.equals(p) || MariaDbAfterRun.follows(s, newPrimary)) {
                return;
            }
            boolean wasPrimary = s.upstream().isEmpty();
            step(journal, "repoint", id + " -> " + p, done, remaining, () -> {
                try (Connection c = connectors.get(id).open()) {
                    MariaDbCommit.follow(c, newPrimary, password, wasPrimary);
                    done.add(id + " re-pointed at " + p + (wasPrimary ? " (MASTER_DEMOTE_TO_SLAVE=1: it had been a primary)" : "")
                            + ", replication started");
                } catch (SQLException e) {
                    remaining.add("Re-point " + id + " at " + p + " by hand (CHANGE MASTER TO … MASTER_USE_GTID=slave_pos): "
                            + e.getMessage());
                }
            });
        });
        return new Repaired(Optional.of(p), done, remaining);
    }

    private void setReadOnly(String id, boolean on, List<String> done) throws SQLException {
        try (Connection c = connectors.get(id).open()) {
            Sql.exec(c, "SET GLOBAL read_only = " + (on ? 1 : 0));
            if ((Sql.number(c, "SELECT @@global.read_only") != 0) != on) {
                throw new SQLException(id + " does not show read_only=" + (on ? 1 : 0) + " after it was set");
            }
            done.add(id + (on ? " fenced: read_only=1 (seen)" : " made writable: read_only=0 (seen)"));
        }
    }

    private interface Step {
        void take() throws SQLException;
    }

    private static boolean step(StepJournal journal, String name, String subject, List<String> done, List<String> remaining,
                                Step step) {
        try {
            journal.intent(name, subject);
        } catch (java.io.IOException e) {
            remaining.add("not taken, the journal could not record its intent (" + e.getMessage() + "): " + name + " " + subject);
            return false;
        }
        int d = done.size();
        int r = remaining.size();
        try {
            step.take();
        } catch (SQLException | RuntimeException e) {
            remaining.add(name + " " + subject + " failed: " + e.getMessage());
        }
        if (remaining.size() > r) {
            journal.failed(name, subject, remaining.get(remaining.size() - 1));
            return false;
        }
        journal.done(name, subject, String.join("; ", done.subList(d, done.size())));
        return true;
    }

    /** What a repair did: the primary it converged on (empty when it could not choose), its steps, what is left. */
    record Repaired(Optional<String> primary, List<String> done, List<String> remaining) {
        List<AfterRun.Step> steps() {
            return done.stream().map(d -> new AfterRun.Step(Optional.empty(), d)).toList();
        }
    }
}
