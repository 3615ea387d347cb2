package dev.handover.faultsim;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.SimCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A second, plain coordinated handover on the cluster the schedule left behind (whatever state the
 * faults left it in): terms keep rising across runs, the demoted primary replicates from the new one,
 * and a coordinated run loses nothing there either.
 */
final class FollowUpHandover {
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final Duration POLL = Duration.ofMillis(50);

    private FollowUpHandover() {
    }

    /** Runs it toward a replica picked by the seed; returns the broken rules, in words. */
    static List<String> check(SimCluster sim, long seed) throws ClusterException {
        List<String> v = new ArrayList<>();
        ClusterSnapshot before = sim.status();
        NodeStatus primary = before.primary().orElseThrow();
        long highest = before.nodes().stream().mapToLong(n -> n.role().term()).max().orElseThrow();
        if (primary.role().term() != highest) {
            v.add("before the follow-up: primary " + primary.id() + " serves term " + primary.role().term()
                    + " but a node already has term " + highest);
            return v;
        }
        List<NodeStatus> replicas = before.replicas();
        NodeStatus target = replicas.get((int) Math.floorMod(seed, (long) replicas.size()));
        long lostBefore = sim.invariants().lostWrites();
        FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(),
                target.durableLsn(), new FailoverMode.Coordinated(DEADLINE));
        FailoverOutcome outcome = null;
        FailoverException failure = null;
        try {
            outcome = FailoverCoordinator.run(req, sim.uncheckedTransport(target.id(), POLL));
        } catch (FailoverException e) {
            failure = e;
        }
        InvariantReport after = sim.invariants();
        String what = "follow-up " + primary.id() + " -> " + target.id() + " (term " + req.newTerm() + ", "
                + (outcome != null ? "committed" : failure.getClass().getSimpleName()) + "): ";
        if (after.lostWrites() != lostBefore) {
            v.add(what + "a coordinated handover lost " + (after.lostWrites() - lostBefore) + " acknowledged writes");
        }
        after.violations().forEach(x -> v.add(what + "simulator: " + x));
        after.primariesPerTerm().forEach((term, count) -> {
            if (count > 1) {
                v.add(what + "term " + term + " had " + count + " primaries");
            }
        });
        boolean mayBeFrozen = failure instanceof WritesStillFrozenException || failure instanceof OutcomeUnknownException;
        if (after.leftFrozen() && !mayBeFrozen) {
            v.add(what + "the primary was left frozen");
        }
        String primaryAfter = sim.primaryId();
        long termAfter = sim.status().node(primaryAfter).orElseThrow().role().term();
        if (outcome != null && (!primaryAfter.equals(target.id()) || termAfter != req.newTerm())) {
            v.add(what + "committed, but the primary is " + primaryAfter + " under term " + termAfter);
        }
        if (termAfter < highest) {
            v.add(what + "the term went back from " + highest + " to " + termAfter);
        }
        return v;
    }
}
