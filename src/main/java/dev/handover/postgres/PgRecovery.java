package dev.handover.postgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StepJournal;


/**
 * Finishes what a handover process that died part-way left behind, from what the cluster shows now
 * (never from what the run meant to do): one writable primary, every other node streaming from it.
 *
 * <ul>
 *   <li>The primary is the reachable node on the latest timeline that is not in recovery. If none is,
 *       but one node with local control was shut down cleanly as a primary (the run died after stopping
 *       the old primary and before promoting anything) and no node is on a later timeline, that node
 *       is started again, with its own start options: nothing was promoted, so it still holds every write.</li>
 *   <li>Its freeze is lifted when no node might be on a later timeline (every node was reachable or
 *       known to be stopped).</li>
 *   <li>Every other node is brought to stream from it as a commit would: its slot created first,
 *       standbys re-pointed, a stopped or stale old primary rewound if it went past the fork and started
 *       as a standby, stale slots of the topology dropped. What cannot be done from here is a remaining step.</li>
 * </ul>
 * The run locks are {@link PgRepairLocks}, what a node's data directory tells {@link PgLocalDataDir}, and the
 * slots and conninfo the others follow with {@link PgRejoinSettings}.
 */
public final class PgRecovery {
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    /** What recovery did and what is left for a person. */
    public record Result(Optional<String> primary, List<String> done, List<String> remaining) {
        public Result {
            done = List.copyOf(done);
            remaining = List.copyOf(remaining);
        }

        public boolean complete() {
            return primary.isPresent() && remaining.isEmpty();
        }
    }

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final List<String> done = new ArrayList<>();
    private final List<String> remaining = new ArrayList<>();
    private final PgRejoinSettings rejoin;

    public PgRecovery(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
        this.rejoin = new PgRejoinSettings(definition, connector);
    }

    /** What a repair would do now, from what every node shows; changes nothing. */
    public RepairPlan plan(Optional<String> requested) {
        List<Connection> locks = new ArrayList<>();
        try {
            Optional<String> held = PgRepairLocks.lock(definition, connector, locks);
            Map<String, PgNodeView> views = PgRepairSurvey.read(definition, connector);
            RepairPlan plan = decide(views, requested).plan();
            if (held.isPresent()) {
                List<String> refusals = new ArrayList<>(plan.refusals());
                refusals.add(0, held.get());
                return new RepairPlan(plan.primary(), plan.why(), plan.nodes(), plan.steps(), plan.discards(), plan.hazards(),
                        refusals, plan.alternatives());
            }
            return plan;
        } finally {
            PgRepairLocks.release(locks);
        }
    }

    /**
     * Plans again and acts only when {@code approval} covers that plan: every pending promotion is stopped
     * first, the plan made once more from what the nodes show then, and only then is a primary started or
     * kept and every other node made to follow it. Each step is journaled as an intent before it and an
     * event after it.
     */
    public Result converge(RepairApproval approval, StepJournal journal) {
        // Another run (or its keeper) in progress is left alone: the locks it holds are taken for the whole repair.
        List<Connection> locks = new ArrayList<>();
        try {
            Optional<String> held = PgRepairLocks.lock(definition, connector, locks);
            if (held.isPresent()) {
                remaining.add("nothing was changed: " + held.get());
                return new Result(Optional.empty(), done, remaining);
            }
            return convergeLocked(approval, journal);
        } finally {
            PgRepairLocks.release(locks);
        }
    }


    private PgRepairPlanner.Decision decide(Map<String, PgNodeView> views, Optional<String> requested) {
        return PgRepairPlanner.decide(views, requested, (holder, tli, from, to) ->
                PgWalReading.commits(holder, connector, tli, from, to).orElseThrow());
    }

    private Result convergeLocked(RepairApproval approval, StepJournal journal) {
        Map<String, PgNodeView> views = PgRepairSurvey.read(definition, connector);
        PgRepairPlanner.Decision d = decide(views, approval.primary());
        Optional<String> gap = approval.gap(d.plan());
        if (gap.isPresent()) {
            remaining.add("nothing was changed: " + gap.get());
            return new Result(Optional.empty(), done, remaining);
        }
        // Another writable primary is fenced before anything else, so what it holds stops growing; the count
        // the operator approved is then checked again on a node that can no longer take writes.
        String chosenId = d.plan().primary().orElseThrow();
        List<PgNodeView> otherWritable = views.values().stream().filter(v -> v.writable() && !v.id().equals(chosenId)).toList();
        if (!otherWritable.isEmpty()) {
            for (PgNodeView v : otherWritable) {
                if (!journaled(journal, "fence", v.id(), () -> {
                    try (Connection c = connector.open(v.node(), SOCKET_TIMEOUT)) {
                        PgFreeze.fence(c, v.id());
                    } catch (SQLException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                    done.add("fenced " + v.id() + ": default_transaction_read_only on, its client sessions ended");
                })) {
                    remaining.add("nothing else was changed: " + v.id() + " could not be fenced and still takes writes");
                    return new Result(Optional.empty(), done, remaining);
                }
            }
            views = PgRepairSurvey.read(definition, connector);
            d = decide(views, approval.primary());
            Optional<String> moved = approval.gap(d.plan());
            if (moved.isPresent()) {
                remaining.add("nothing else was changed: " + moved.get() + "; " + ids(otherWritable.stream().map(PgNodeView::node)
                        .toList()) + " stays FENCED (read only) so its count holds still: plan again and approve that count, "
                        + "or lift it by hand (ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();)");
                return new Result(Optional.empty(), done, remaining);
            }
        }
        if (!d.neutralise().isEmpty()) {
            for (PgNodeView v : d.neutralise()) {
                if (!journaled(journal, "stop-pending-promotion", v.id(), () -> done.add("stopped " + v.id()
                        + " so it cannot promote (" + v.pending().orElse("") + "): " + PgNeutralise.stop(v.node())))) {
                    remaining.add("nothing was started: " + v.id() + " may still promote; stop it by hand (kill -KILL its "
                            + "processes), then run the repair again");
                    return new Result(Optional.empty(), done, remaining);
                }
            }
            // What the stopped nodes hold is read again from their pg_wal; the approval must still cover the plan.
            views = PgRepairSurvey.read(definition, connector);
            d = decide(views, approval.primary());
            gap = approval.gap(d.plan());
            if (gap.isPresent() || !d.neutralise().isEmpty()) {
                remaining.add("nothing else was changed: " + gap.orElse("a node may still promote: "
                        + ids(d.neutralise().stream().map(PgNodeView::node).toList())) + "; plan again");
                return new Result(Optional.empty(), done, remaining);
            }
        }
        for (RepairPlan.Discard loss : d.plan().discards()) {
            journal.done("approved-discard", loss.node(), "approved by " + approval.operator() + ": " + loss.text());
        }
        PgNodeView chosen = d.primary().orElseThrow();
        PgNodeDefinition p = chosen.node();
        String why = d.plan().why();
        if (chosen.kind() == PgNodeView.Kind.STOPPED) {
            boolean started = journaled(journal, "start-primary", p.id(), () -> {
                PgLocalDataDir.removeStalePidFile(p, done);
                new PgCtl(p.id(), p.local().orElseThrow()).start(START_WAIT, PgLocalDataDir.startOptions(p));
                done.add("started " + p.id() + " again as the primary (timeline " + chosen.timeline() + "): " + why);
            });
            if (!started) {
                remaining.add("start " + p.id() + " by hand; it is the primary: " + why);
                return new Result(Optional.empty(), done, remaining);
            }
        }
        Map<String, PgNodeView> before = views;
        PgRepairPlanner.Decision decided = d;
        Map<String, PgNodeStatus> seen = read();
        PgNodeStatus ps = seen.get(p.id());
        if (!ps.isPrimary()) {
            remaining.add(p.id() + " is not a primary after the start: " + ps.error().orElse("in recovery"));
            return new Result(Optional.empty(), done, remaining);
        }
        long timeline = ps.timeline();
        Map<String, PgNodeStatus> now = seen;
        List<PgNodeDefinition> unknown = definition.nodes().stream()
                .filter(n -> !now.get(n.id()).reachable() && !PgLocalDataDir.stoppedHere(n)).toList();
        try (Connection c = connector.open(p, SOCKET_TIMEOUT)) {
            if (PgFreeze.isFrozen(c)) {
                if (unknown.isEmpty()) {
                    journaled(journal, "resume-writes", p.id(), () -> {
                        try {
                            new PgFreeze().resume(c); // the run's own value before the freeze died with it: RESET
                        } catch (SQLException e) {
                            throw new IOException(e.getMessage(), e);
                        }
                        done.add("resumed writes on " + p.id() + " (ALTER SYSTEM RESET default_transaction_read_only)");
                    });
                } else {
                    remaining.add("writes stay frozen on " + p.id() + ": " + ids(unknown) + " cannot be reached and might be "
                            + "a primary on a later timeline; check them, then ALTER SYSTEM RESET default_transaction_read_only; "
                            + "SELECT pg_reload_conf(); on " + p.id());
                }
            }
            Conninfo template = rejoin.template(c, seen);
            List<PgNodeDefinition> streamingAlready = new ArrayList<>();
            List<PgNodeDefinition> standbys = new ArrayList<>();
            List<PgNodeDefinition> toRejoin = new ArrayList<>();
            for (PgNodeDefinition n : definition.nodes()) {
                if (n.id().equals(p.id())) {
                    continue;
                }
                PgNodeStatus s = seen.get(n.id());
                if (s.reachable() && s.inRecovery()) {
                    boolean fromP = s.streaming() && s.upstream().filter(u -> u.endsWith(":" + p.port())).isPresent()
                            && s.timeline() == timeline;
                    (fromP ? streamingAlready : standbys).add(n);
                } else if (s.reachable()) {
                    toRejoin.add(n); // a stale primary on another timeline
                } else if (PgLocalDataDir.stoppedHere(n)) {
                    toRejoin.add(n);
                } else {
                    remaining.add(n.id() + " cannot be reached (" + s.error().orElse("?") + "): start it, then make it a "
                            + "standby of " + p.id() + " (" + p.addr() + ")");
                }
            }
            PgPlan plan = rejoin.plan(seen, p, toRejoin);
            PgFollow forSiblings = follow(p, c, p, plan, before);
            List<PgNodeDefinition> all = new ArrayList<>(standbys);
            all.addAll(streamingAlready);
            all.addAll(toRejoin);
            // Before anyone is pointed at p: a run that died right after the promotion may not have created
            // the slot a rejoining node streams through, and a standby started on a missing slot never streams.
            forSiblings.ensureSlots(all, c);
            for (PgNodeDefinition n : toRejoin) {
                boolean running = seen.get(n.id()).reachable();
                long fork = decided.forks().getOrDefault(n.id(), Long.MAX_VALUE);
                PgPlan own = new PgPlan(n.local().map(l -> PgLocalDataDir.startOptions(n)), plan.slots(), SyncStandbyNames.ASYNC,
                        SyncStandbyNames.ASYNC);
                Conninfo its = PgRejoinSettings.templateFor(n, template, seen);
                journaled(journal, "rejoin", n.id() + " -> " + p.id(), () ->
                        follow(p, c, n, own, before).rejoinStale(its, timeline, fork, running));
            }
            for (PgNodeDefinition n : standbys) {
                long fork = decided.forks().getOrDefault(n.id(), Long.MAX_VALUE);
                journaled(journal, "repoint", n.id() + " -> " + p.id(), () -> forSiblings.repointSibling(n, fork));
            }
            for (PgNodeDefinition n : definition.nodes()) {
                forSiblings.dropStaleSlots(n, Optional.empty());
            }
        } catch (SQLException e) {
            remaining.add("could not finish on " + p.id() + ": " + e.getMessage());
        }
        return new Result(Optional.of(p.id()), done, remaining);
    }

    /** A step that may fail. */
    private interface Step {
        void take() throws IOException;
    }

    /**
     * Takes {@code step} between an intent and an event in the journal; true when it took effect (nothing
     * new left for a person). A step whose intent cannot be written is not taken.
     */
    private boolean journaled(StepJournal journal, String name, String subject, Step step) {
        try {
            journal.intent(name, subject);
        } catch (IOException e) {
            remaining.add("not taken, the journal could not record its intent (" + e.getMessage() + "): " + name + " " + subject);
            return false;
        }
        int doneBefore = done.size();
        int remainingBefore = remaining.size();
        try {
            step.take();
        } catch (IOException | RuntimeException e) {
            remaining.add(name + " " + subject + " failed: " + e.getMessage());
        }
        if (remaining.size() > remainingBefore) {
            journal.failed(name, subject, remaining.get(remaining.size() - 1));
            return false;
        }
        journal.done(name, subject, done.size() > doneBefore ? String.join("; ", done.subList(doneBefore, done.size())) : "");
        return true;
    }

    private PgFollow follow(PgNodeDefinition p, Connection c, PgNodeDefinition rejoining, PgPlan plan,
                            Map<String, PgNodeView> views) {
        // The last record it holds starts at most at the end of its WAL read before (a crashed node wrote past its checkpoint).
        long read = Optional.ofNullable(views.get(rejoining.id())).filter(PgNodeView::endKnown).map(v -> v.end() - 1).orElse(0L);
        long lastWal = rejoining.id().equals(p.id()) ? 0 : Math.max(PgLocalDataDir.lastCheckpoint(rejoining), read);
        return new PgFollow(connector, rejoining, p, new PgFreeze(), () -> c, lastWal, plan, done, remaining);
    }

    private Map<String, PgNodeStatus> read() {
        Map<String, PgNodeStatus> out = new LinkedHashMap<>();
        for (PgNodeDefinition n : definition.nodes()) {
            try (Connection c = connector.open(n, SOCKET_TIMEOUT)) {
                out.put(n.id(), PgStatusReader.readNode(n, c));
            } catch (SQLException e) {
                out.put(n.id(), PgNodeStatus.unreachable(n, e.getMessage() == null ? "unreachable" : e.getMessage()));
            }
        }
        return out;
    }

    private static String ids(List<PgNodeDefinition> nodes) {
        return String.join(", ", nodes.stream().map(PgNodeDefinition::id).toList());
    }
}
