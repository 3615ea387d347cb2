package dev.handover.run;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;

import java.util.List;
import java.util.Optional;

/**
 * The one place a run's request is made from a cluster reading: the CLI's {@code run} and {@code plan}, its re-read
 * of a failing preflight, a scheduled or recorded plan's check at firing time, and the console's form all ask here.
 * Why no request can be made is typed, so each caller words it its own way without reading text back.
 */
public final class HandoverPlanner {
    private HandoverPlanner() {
    }

    /** What a reading allows for a target: a request, or the reason there is none. */
    public sealed interface Planned {
        /** The primary hands over to the target under the primary's term; the target's durable position is the hint. */
        record Ready(FailoverRequest request, NodeStatus primary, NodeStatus target) implements Planned {
        }

        /** The cluster has no node of that id. */
        record NoSuchTarget(String target, List<String> nodes) implements Planned {
        }

        /** No node reads as the primary (down, unreachable, or two of them: the snapshot says which). */
        record NoPrimary() implements Planned {
        }

        /** The target is the primary itself. */
        record TargetIsPrimary(String target, List<String> replicas) implements Planned {
        }
    }

    /** The request a run to {@code targetId} would make on {@code now}, or why there is none. */
    public static Planned plan(ClusterSnapshot now, String targetId, FailoverMode mode) {
        Optional<NodeStatus> target = now.node(targetId);
        if (target.isEmpty()) {
            return new Planned.NoSuchTarget(targetId, now.nodes().stream().map(NodeStatus::id).toList());
        }
        Optional<NodeStatus> primary = now.primary();
        if (primary.isEmpty()) {
            return new Planned.NoPrimary();
        }
        if (target.get().isPrimary()) {
            return new Planned.TargetIsPrimary(targetId, now.replicas().stream().map(NodeStatus::id).toList());
        }
        NodeStatus p = primary.get();
        NodeStatus t = target.get();
        return new Planned.Ready(new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(), mode), p, t);
    }

    /** The request, when there is one. */
    public static Optional<FailoverRequest> request(ClusterSnapshot now, String targetId, FailoverMode mode) {
        return plan(now, targetId, mode) instanceof Planned.Ready ready ? Optional.of(ready.request()) : Optional.empty();
    }

    /**
     * The request {@code asked} makes on a later reading, when the primary is the same node under the same term and the
     * target is still a replica; empty otherwise (what was planned no longer holds). The target's position is read anew.
     */
    public static Optional<FailoverRequest> again(ClusterSnapshot now, FailoverRequest asked, FailoverMode mode) {
        return request(now, asked.target().id(), mode).filter(r -> r.oldPrimary().id().equals(asked.oldPrimary().id())
                && r.currentTerm() == asked.currentTerm());
    }
}
