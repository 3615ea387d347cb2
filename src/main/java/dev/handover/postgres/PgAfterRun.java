package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.postgres.bouncer.BouncerFleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run on PostgreSQL leaves behind, as data for the outcome: the commit's steps, any steps left
 * for a person, the checks of the new topology, and every node's role as read back afterwards. Runs
 * before the run's record is closed, so the journal and the report hold it.
 */
public final class PgAfterRun {
    /** Standbys reconnect and follow the new timeline within a second or two on a healthy network. */
    public static final Duration VERIFY_WAIT = Duration.ofSeconds(30);

    private PgAfterRun() {
    }

    /**
     * The commit's steps and the remaining ones (empty when no commit was attempted), then the checks
     * (waiting up to {@code waitUpTo} for standbys to follow) and the roles seen. Never throws: a check
     * that could not be made is a failed one.
     */
    public static AfterRun verify(PgCluster cluster, PgTransport tx, long newTerm, Duration waitUpTo) {
        FaultPoint.reached("verifying");
        Optional<PgCommitReport> report = tx.commitReport();
        List<AfterRun.Step> done = report.map(PgCommitReport::steps).orElse(List.of());
        List<String> remaining = report.map(PgCommitReport::remaining).orElse(List.of());
        try {
            PgVerification v = cluster.verify(tx.target().id(), newTerm, waitUpTo);
            return new AfterRun(done, remaining, v.topologyChecks(), roles(cluster));
        } catch (RuntimeException e) {
            return AfterRun.couldNotVerify(done, remaining, (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()) + "; check roles and timelines with: handover status --cluster " + cluster.name());
        }
    }

    /** Every node as a status read sees it now. */
    static List<ObservedRole> roles(PgCluster cluster) {
        List<PgNodeStatus> nodes = cluster.pgStatus();
        return nodes.stream().map(n -> role(n, nodes)).toList();
    }

    static ObservedRole role(PgNodeStatus n, List<PgNodeStatus> all) {
        String id = n.node().id();
        if (!n.reachable()) {
            return new ObservedRole(id, ObservedRole.Kind.UNREACHABLE, 0, Optional.empty(), "unreachable: " + n.error().get());
        }
        if (n.isPrimary()) {
            return new ObservedRole(id, ObservedRole.Kind.PRIMARY, n.timeline(), Optional.empty(),
                    n.frozen() ? "writes frozen (default_transaction_read_only = on)" : "takes writes");
        }
        if (!n.streaming() || n.upstream().isEmpty()) {
            return new ObservedRole(id, ObservedRole.Kind.REPLICA, n.timeline(), Optional.empty(),
                    "not streaming: walreceiver " + n.receiver().orElse("not running"));
        }
        String upstream = n.upstream().get();
        String from = all.stream().filter(o -> o.node().addr().equals(upstream)).map(o -> o.node().id()).findFirst()
                .orElse(upstream);
        return new ObservedRole(id, ObservedRole.Kind.REPLICA, n.timeline(), Optional.of(upstream),
                "streaming from " + from + " on timeline " + n.timeline());
    }

    /** The bouncers' steps (pause, retarget, resume, the clients' longest wait) and checks after the cluster's own. */
    static AfterRun withBouncers(AfterRun seen, BouncerFleet fleet) {
        List<AfterRun.Step> done = new ArrayList<>(seen.done());
        done.addAll(fleet.steps());
        List<dev.handover.cluster.TopologyCheck> checks = new ArrayList<>(seen.checks());
        checks.addAll(fleet.checks());
        return new AfterRun(done, seen.remaining(), checks, seen.roles(), fleet.clientStall());
    }
}
