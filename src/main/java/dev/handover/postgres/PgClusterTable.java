package dev.handover.postgres;

import dev.handover.cluster.ApplyRate;
import dev.handover.cluster.ClientRouter;
import dev.handover.cluster.Condition;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.NodeRole;
import dev.handover.postgres.bouncer.BouncerState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster as the console's table and {@code status} show it: a row per node (its condition, and a
 * detail naming every problem), the bouncers beside them. Apart from {@link PgCluster} because it only words
 * what {@link PgCluster#pgStatus()} read; nothing here talks to a server.
 */
final class PgClusterTable {
    private PgClusterTable() {
    }

    /** The nodes taking writes: out of recovery and not frozen by Handover ({@code default_transaction_read_only}). */
    static List<String> writable(List<PgNodeStatus> nodes) {
        return nodes.stream().filter(n -> n.isPrimary() && !n.frozen()).map(n -> n.node().id()).toList();
    }

    /** A bouncer as the console and {@code status} show it beside the nodes. */
    static ClientRouter router(BouncerState b) {
        return new ClientRouter("PgBouncer", b.id(), b.addr(), b.routes().stream().map(r -> new ClientRouter.Route(
                r.database(), nodeNamed(r.target()), r.target(), r.paused(), r.present())).toList(), b.error());
    }

    /** The node id a route's target starts with ({@code pg1 (host:port)}), when it names one. */
    private static Optional<String> nodeNamed(String target) {
        int open = target.indexOf(" (");
        return open > 0 ? Optional.of(target.substring(0, open)) : Optional.empty();
    }

    static NodeStatus withBouncers(NodeStatus s, PgNodeStatus n, List<BouncerState> bouncers) {
        List<String> notes = new ArrayList<>();
        for (BouncerState b : bouncers) {
            if (b.error().isPresent() && n.reachable() && n.isPrimary()) {
                notes.add(b.text());
            }
            for (BouncerState.Route r : b.routes()) {
                if (r.present() && r.target().startsWith(n.node().id() + " (")) {
                    notes.add(b.id() + " routes " + r.database() + " here" + (r.paused() ? " (PAUSED: its clients wait)" : ""));
                }
            }
        }
        return notes.isEmpty() ? s : new NodeStatus(s.node(), s.role(), s.lsn(), s.durableLsn(), s.lagLsn(), s.lag(),
                s.applyRate(), s.health(), s.detail() + (s.detail().isEmpty() ? "" : ", ") + String.join(", ", notes),
                s.condition(), s.replayBacklog());
    }

    /**
     * One node as the cluster table shows it. A standby's condition is the worst of what it shows: ahead of the
     * primary (diverged), not streaming, receiver stalled, replay paused; its detail names every one of them.
     * Every writable node of a split brain is marked so, each naming the others.
     */
    static NodeStatus toNodeStatus(PgNodeStatus n, List<String> writable, Optional<PgNodeStatus> primary, ApplyRate rates) {
        if (!n.reachable()) {
            return NodeStatus.unreachable(n.node().failoverNode(), n.error().get());
        }
        double rate = rate(n, rates);
        if (n.isPrimary()) {
            boolean split = writable.size() > 1 && writable.contains(n.node().id());
            String others = String.join(", ", writable.stream().filter(id -> !id.equals(n.node().id())).toList());
            Condition condition = split ? Condition.SPLIT_BRAIN : n.frozen() ? Condition.FROZEN : Condition.HEALTHY;
            return new NodeStatus(n.node().failoverNode(), new NodeRole.Primary(n.timeline()), n.walLsn(), n.flushedLsn(),
                    0, Duration.ZERO, rate, condition.health(),
                    (split ? "SPLIT BRAIN: takes writes, and so does " + others + "; " : "")
                    + "timeline " + n.timeline() + (n.frozen() ? ", WRITES FROZEN (default_transaction_read_only = on "
                            + "in postgresql.auto.conf)" : ""), condition);
        }
        PgNodeStatus.Standby sb = n.standby();
        List<String> problems = new ArrayList<>();
        Condition condition = Condition.HEALTHY;
        boolean laterTimeline = primary.isPresent() && n.timeline() > primary.get().timeline();
        if (n.lagBytes() < 0 || laterTimeline) {
            condition = Condition.AHEAD_OF_PRIMARY;
            problems.add("AHEAD of primary " + primary.map(p -> p.node().id()).orElse("")
                    + (n.lagBytes() < 0 ? " by " + PgPositions.INSTANCE.amount(-n.lagBytes()) : "")
                    + (laterTimeline ? " on timeline " + n.timeline() + " (primary's: " + primary.get().timeline() + ")" : "")
                    + ": it holds WAL the primary lacks (diverged)");
        }
        if (!n.streaming()) {
            condition = condition == Condition.HEALTHY ? Condition.NOT_STREAMING : condition;
        } else if (sb.stall().isPresent()) {
            condition = condition == Condition.HEALTHY ? Condition.RECEIVER_STALLED : condition;
            problems.add(sb.stall().get());
        }
        if (sb.replayPaused()) {
            condition = condition == Condition.HEALTHY ? Condition.APPLY_PAUSED : condition;
            problems.add("replay paused, " + PgPositions.INSTANCE.amount(sb.replayBacklog()) + " to replay");
        }
        String detail = (problems.isEmpty() ? "" : String.join("; ", problems) + "; ")
                + "timeline " + n.timeline() + ", received " + Lsn.format(n.flushedLsn()) + ", replayed "
                + Lsn.format(n.replayedLsn()) + ", " + n.syncState().orElse("sync state unknown")
                + n.upstream().map(u -> ", streaming from " + u).orElse(", walreceiver " + n.receiver().orElse("not running"));
        return new NodeStatus(n.node().failoverNode(), new NodeRole.Replica(n.upstream().orElse("none"), n.timeline()),
                n.walLsn(), n.flushedLsn(), n.lagBytes(), n.replayLag(), rate, condition.health(), detail, condition,
                sb.replayBacklog());
    }

    /** LSN a second between this status call and the last one (written on a primary, replayed on a standby). */
    private static double rate(PgNodeStatus n, ApplyRate rates) {
        return rates.next(n.node().id(), n.isPrimary() ? n.walLsn() : n.replayedLsn());
    }
}
