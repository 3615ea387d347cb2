package dev.handover.postgres;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.TopologyRepair;
import dev.handover.postgres.bouncer.BouncerFleet;

import java.util.List;
import java.util.Optional;

/**
 * {@code recover}: a plan from what the nodes show ({@link PgRecovery}), and once approved, the repair with
 * the same checks as after a commit, the bouncers brought back to the primary. Apart from {@link PgCluster}
 * because it is recovery's way through the cluster, not a run's.
 */
final class PgRepair implements TopologyRepair {
    private final PgCluster cluster;
    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgRepair(PgCluster cluster, PgConnector connector) {
        this.cluster = cluster;
        this.definition = cluster.definition();
        this.connector = connector;
    }

    @Override
    public dev.handover.cluster.RepairPlan plan(Optional<String> primary) {
        return new PgRecovery(definition, connector).plan(primary);
    }

    /** {@link PgRecovery} from what the nodes show, then the same checks as after a commit. */
    @Override
    public AfterRun repair(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal journal) {
        PgRecovery.Result r = new PgRecovery(definition, connector).converge(approval, journal);
        List<AfterRun.Step> done = r.done().stream().map(d -> new AfterRun.Step(Optional.empty(), d)).toList();
        if (r.primary().isEmpty()) {
            return new AfterRun(done, r.remaining(), List.of(), PgAfterRun.roles(cluster));
        }
        long timeline = cluster.pgStatus().stream().filter(n -> n.node().id().equals(r.primary().get()) && n.isPrimary())
                .mapToLong(PgNodeStatus::timeline).findFirst().orElse(-1);
        PgVerification v = cluster.verify(r.primary().get(), timeline, PgAfterRun.VERIFY_WAIT);
        AfterRun seen = new AfterRun(done, r.remaining(), v.topologyChecks(), PgAfterRun.roles(cluster));
        if (definition.bouncers().isEmpty()) {
            return seen;
        }
        // A run that died with the bouncers paused leaves their clients waiting: point them at the primary
        // the cluster has now, check it through them, and resume.
        BouncerFleet fleet = cluster.bouncers();
        PgNodeDefinition p = definition.node(r.primary().get()).orElseThrow();
        fleet.recoverTo(p.id(), p.host(), p.port());
        return PgAfterRun.withBouncers(seen, fleet);
    }
}
