package dev.handover.postgres;

import dev.handover.cluster.RepairPlan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a repair from what every node shows now ({@link PgNodeView}s), changing nothing. Rules:
 * <ul>
 *   <li>a node that may still promote itself is stopped first (it can then never come up as a second
 *       primary); one this host cannot stop makes the repair refuse;</li>
 *   <li>the primary is a running primary or a node stopped as one; by default the one whose choice
 *       discards the least WAL — the node holding the most acknowledged WAL, positions compared across
 *       timelines at their fork point;</li>
 *   <li>every node holding WAL the chosen primary lacks is a discard: bytes past the fork point and the
 *       commit records in that range, counted on the node that holds them;</li>
 *   <li>two writable nodes, a pending promotion, an unread node: hazards, confirmed by typing.</li>
 * </ul>
 */
final class PgRepairPlanner {
    private PgRepairPlanner() {
    }

    /** Counts the commits a node holds in a range of its WAL. */
    @FunctionalInterface
    interface Counter {
        PgWalReading.Count count(PgNodeView holder, long tli, long from, long to);
    }

    /** The plan, the primary it settles on, and the nodes to stop before anything else. */
    record Decision(RepairPlan plan, Optional<PgNodeView> primary, List<PgNodeView> neutralise, Map<String, Long> forks) {
    }

    static Decision decide(Map<String, PgNodeView> views, Optional<String> requested, Counter counter) {
        List<String> refusals = new ArrayList<>();
        List<String> hazards = new ArrayList<>();
        List<PgNodeView> neutralise = new ArrayList<>();
        for (PgNodeView v : views.values()) {
            if (v.pending().isPresent()) {
                if (v.node().local().isPresent()) {
                    neutralise.add(v);
                    hazards.add(v.id() + " may promote itself (" + v.pending().get() + "): it is stopped first");
                } else {
                    refusals.add(v.id() + " may promote itself (" + v.pending().get() + ") and is not on this host: stop it "
                            + "there (pg_ctl stop -m immediate), then plan again");
                }
            } else if (v.kind() == PgNodeView.Kind.HUNG) {
                refusals.add(v.id() + " runs on this host but does not answer and its control file says \""
                        + v.state().orElse("?") + "\" (a primary stopped by a signal?): continue it (kill -CONT) or stop it, then plan again");
            } else if (v.kind() == PgNodeView.Kind.UNREACHABLE) {
                hazards.add(v.id() + " cannot be reached: it may be a primary, or hold WAL the chosen primary lacks; "
                        + "writes stay frozen until it is checked");
            }
        }
        List<PgNodeView> writable = views.values().stream().filter(PgNodeView::writable).toList();
        if (writable.size() > 1) {
            hazards.add(0, "TWO WRITABLE PRIMARIES: " + String.join(", ", writable.stream().map(PgNodeView::describe).toList()));
        }
        List<PgNodeView> candidates = views.values().stream()
                .filter(v -> v.kind() == PgNodeView.Kind.PRIMARY || v.stoppedPrimary() && v.endKnown()).toList();
        List<RepairPlan.NodeFate> asIs = views.values().stream().map(v -> new RepairPlan.NodeFate(v.id(), v.describe(),
                "left as it is")).toList();
        if (candidates.isEmpty()) {
            refusals.add("no node is, or was stopped as, a primary: find the node on the latest timeline and promote or start it by hand");
            return new Decision(RepairPlan.refused("no primary to converge on", asIs, refusals), Optional.empty(), neutralise, Map.of());
        }
        Map<String, List<Span>> losses = new java.util.LinkedHashMap<>();
        for (PgNodeView c : candidates) {
            losses.put(c.id(), spans(views, c));
        }
        PgNodeView chosen;
        String why;
        if (requested.isPresent()) {
            Optional<PgNodeView> r = candidates.stream().filter(c -> c.id().equals(requested.get())).findFirst();
            if (r.isEmpty()) {
                refusals.add(requested.get() + " cannot be the primary: " + (views.containsKey(requested.get())
                        ? views.get(requested.get()).describe() + " (a primary is a running primary or a node stopped as one: "
                        + String.join(", ", candidates.stream().map(PgNodeView::id).toList()) + ")"
                        : "no such node"));
                return new Decision(RepairPlan.refused("the primary asked for cannot be used", asIs, refusals), Optional.empty(),
                        neutralise, Map.of());
            }
            chosen = r.get();
            why = "chosen by the operator";
        } else {
            chosen = candidates.stream().min(Comparator.<PgNodeView>comparingLong(c -> losses.get(c.id()).stream()
                            .mapToLong(Span::bytes).sum())
                    .thenComparing(c -> c.kind() == PgNodeView.Kind.PRIMARY ? 0 : 1)
                    .thenComparing(Comparator.comparingLong(PgNodeView::timeline).reversed())).orElseThrow();
            long lost = losses.get(chosen.id()).stream().mapToLong(Span::bytes).sum();
            why = candidates.size() == 1 ? "the only node that is or was a primary"
                    : lost == 0 ? "it holds every node's WAL: choosing it discards nothing"
                    : "it holds the most acknowledged WAL of the possible primaries (" + String.join(", ",
                    candidates.stream().map(PgNodeView::id).toList()) + ")";
        }
        List<RepairPlan.Discard> discards = counted(losses.get(chosen.id()), counter);
        List<RepairPlan.Alternative> alternatives = new ArrayList<>();
        for (PgNodeView c : candidates) {
            if (!c.id().equals(chosen.id())) {
                alternatives.add(new RepairPlan.Alternative(c.id(), counted(losses.get(c.id()), counter)));
            }
        }
        Map<String, Long> forks = new java.util.LinkedHashMap<>();
        for (PgNodeView v : views.values()) {
            if (!v.id().equals(chosen.id())) {
                long fork = v.forkWith(chosen);
                forks.put(v.id(), fork == Long.MAX_VALUE ? (v.end() > chosen.end() ? chosen.end() : Long.MAX_VALUE) : fork);
            }
        }
        List<String> steps = new ArrayList<>();
        for (PgNodeView v : neutralise) {
            steps.add("stop " + v.id() + " so it cannot promote: remove its promote signal file, pg_ctl stop -m immediate "
                    + "(processes stopped by a signal are killed)");
        }
        steps.add(chosen.kind() == PgNodeView.Kind.STOPPED ? "start " + chosen.id() + " as the primary (timeline "
                + chosen.timeline() + ")" : "keep " + chosen.id() + " as the primary (timeline " + chosen.timeline() + ")");
        steps.add("lift a freeze on " + chosen.id() + " when no node is out of sight");
        List<RepairPlan.NodeFate> fates = new ArrayList<>();
        for (PgNodeView v : views.values()) {
            Optional<RepairPlan.Discard> loss = discards.stream().filter(d -> d.node().equals(v.id())).findFirst();
            String becomes;
            if (v.id().equals(chosen.id())) {
                becomes = "the primary";
            } else if (loss.isPresent()) {
                becomes = "rewound with pg_rewind, DISCARDING " + loss.get().text() + ", then a standby of " + chosen.id();
                steps.add("rewind " + v.id() + " onto " + chosen.id() + "'s timeline, discarding what it holds past "
                        + Lsn.format(forks.get(v.id())) + ", and start it as a standby of " + chosen.id());
            } else {
                becomes = switch (v.kind()) {
                    case PRIMARY -> "stopped, rewound if past the fork, started as a standby of " + chosen.id();
                    case STANDBY -> neutralise.contains(v) ? "stopped, then started as a standby of " + chosen.id()
                            : "a standby of " + chosen.id() + " (re-pointed if it streams from elsewhere)";
                    case STOPPED, HUNG -> "started as a standby of " + chosen.id();
                    case UNREACHABLE -> "left as it is: start it and make it a standby of " + chosen.id() + " by hand";
                };
                if (v.kind() != PgNodeView.Kind.UNREACHABLE) {
                    steps.add("make " + v.id() + " a standby of " + chosen.id());
                }
            }
            fates.add(new RepairPlan.NodeFate(v.id(), v.describe(), becomes));
        }
        steps.add("drop replication slots no node streams through any more");
        RepairPlan plan = new RepairPlan(Optional.of(chosen.id()), why, fates, steps, discards, hazards, refusals, alternatives);
        return new Decision(plan, Optional.of(chosen), neutralise, forks);
    }

    /** WAL a node holds past where its history and {@code primary}'s part (or past the primary's end on one path). */
    private record Span(PgNodeView holder, long tli, long from, long to) {
        long bytes() {
            return to - from;
        }
    }

    private static List<Span> spans(Map<String, PgNodeView> views, PgNodeView primary) {
        List<Span> out = new ArrayList<>();
        for (PgNodeView v : views.values()) {
            if (v.id().equals(primary.id()) || !v.endKnown()) {
                continue;
            }
            long from = Math.min(v.forkWith(primary), primary.end());
            if (v.end() > from) {
                out.add(new Span(v, TimelineHistory.timelineAt(v.ancestors(), v.timeline(), from), from, v.end()));
            }
        }
        return out;
    }

    private static List<RepairPlan.Discard> counted(List<Span> spans, Counter counter) {
        List<RepairPlan.Discard> out = new ArrayList<>();
        for (Span s : spans) {
            PgWalReading.Count n = counter.count(s.holder(), s.tli(), s.from(), s.to());
            boolean crosses = s.tli() != s.holder().timeline();
            out.add(new RepairPlan.Discard(s.holder().id(), s.bytes(), n.transactions(), n.exact() && !crosses,
                    n.basis() + (crosses ? "; counted on timeline " + s.tli() + " only, the range goes on to timeline "
                            + s.holder().timeline() : ""),
                    Lsn.format(s.from()) + ".." + Lsn.format(s.to()) + " on timeline " + s.tli()
                            + " (" + s.holder().endBasis() + ")"));
        }
        return out;
    }
}
