package dev.handover.cluster;

import dev.handover.core.FailoverRequest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The primary an operator (or a script) saw when the run was planned: a run is refused before the
 * freeze when the cluster's primary is another node now, or the same node under another term — the
 * cluster moved on (another switchover, a failover) and the plan no longer describes it. Pure: each
 * backend reads the cluster its own way and asks {@link #mismatch}.
 *
 * @param node the primary's id
 * @param term its term (the timeline, on PostgreSQL)
 */
public record ExpectedPrimary(String node, long term) {

    public ExpectedPrimary {
        Objects.requireNonNull(node, "node");
    }

    /** What a request was built from: its old primary and current term. */
    public static ExpectedPrimary of(FailoverRequest request) {
        return new ExpectedPrimary(request.oldPrimary().id(), request.currentTerm());
    }

    /** Why a cluster whose primaries are {@code primaries} (id and term each) does not match, or empty when it does. */
    public Optional<String> mismatch(List<Seen> primaries) {
        if (primaries.isEmpty()) {
            return Optional.of("no node is primary now, but " + node + " was under term " + term + " when the run was "
                    + "planned; nothing was frozen. Look at the cluster again before a switchover");
        }
        if (primaries.size() > 1) {
            return Optional.of("more than one node is primary now (" + String.join(", ", primaries.stream()
                    .map(p -> p.node() + " under term " + p.term()).toList()) + "); nothing was frozen. Resolve that by hand first");
        }
        Seen now = primaries.get(0);
        if (!now.node().equals(node)) {
            return Optional.of("the primary is " + now.node() + " (term " + now.term() + ") now, not " + node
                    + " as when the run was planned (term " + term + "); nothing was frozen. Look at the cluster again "
                    + "and plan the run from what it shows");
        }
        if (now.term() != term) {
            return Optional.of(node + " is primary under term " + now.term() + " now, not term " + term
                    + " as when the run was planned: the cluster changed since; nothing was frozen. Look at the cluster "
                    + "again and plan the run from what it shows");
        }
        return Optional.empty();
    }

    /** The same check against a status snapshot: the nodes that claim the primary role, each with its term. */
    public Optional<String> mismatch(ClusterSnapshot snapshot) {
        return mismatch(snapshot.nodes().stream().filter(NodeStatus::isPrimary)
                .map(n -> new Seen(n.id(), n.role().term())).toList());
    }

    /** {@link #mismatch(ClusterSnapshot)} as an engine's {@code transportFor} refuses with it: nothing frozen yet. */
    public void require(ClusterSnapshot snapshot) throws ClusterException {
        Optional<String> why = mismatch(snapshot);
        if (why.isPresent()) {
            throw new ClusterException(why.get());
        }
    }

    /** A primary as a backend saw it. */
    public record Seen(String node, long term) {
    }
}
