package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Preflight;
import dev.handover.core.FailoverMode;
import dev.handover.journal.PlanBook;
import dev.handover.sim.SimBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A recorded plan against the cluster now, on the simulator's healthy cluster (n1 primary under term 7). */
class FiringCheckTest {
    private static final FailoverMode MODE = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @Test
    void theSameClusterHoldsThePlan() throws Exception {
        ClusterSnapshot now = healthy();
        assertEquals(List.of(), changes(plan("n1", 7, "n2", List.of(fact("n1", "primary"), fact("n2", "replica"),
                fact("n3", "replica"))), now));
    }

    @Test
    void eachNodeIsNamedOnceByTheFirstDifferenceSaidOfIt() throws Exception {
        ClusterSnapshot now = healthy();
        // Planned with n3 as primary under term 6 and n1 a replica: the primary line names n1 and n3, so the
        // per-node lines do not name them again; n4 was planned and is gone.
        List<String> changed = changes(plan("n3", 6, "n2", List.of(fact("n1", "replica"), fact("n2", "replica"),
                fact("n3", "primary"), fact("n4", "replica"))), now);
        assertEquals(List.of("the primary is n1 now, not n3", "n4 is not in the cluster now"), changed);
    }

    @Test
    void aNewTermNamesThePrimaryOnceAndATargetGoneNamesItOnce() throws Exception {
        ClusterSnapshot now = healthy();
        List<String> changed = changes(plan("n1", 6, "n9", List.of(fact("n1", "replica"), fact("n9", "replica"))), now);
        assertEquals(List.of("n1 is primary under term 7 now, not 6", "n9 is not in the cluster now",
                "n2 is in the cluster now, not in the plan", "n3 is in the cluster now, not in the plan"), changed);
    }

    private static List<String> changes(PlanBook.Plan plan, ClusterSnapshot now) {
        return FiringCheck.sincePlan(plan, now, MODE, Preflight.DEFAULT_FREEZE_BUDGET, Optional.empty());
    }

    private static PlanBook.Plan plan(String primary, long term, String target, List<PlanBook.NodeFact> nodes) {
        return new PlanBook.Plan("p1", Instant.EPOCH, "dba", "sim:healthy",
                new PlanBook.Request(target, "coordinated", 5000, 100, null, primary, term),
                new PlanBook.Snapshot(primary, term, nodes), true, List.of(), List.of(), List.of());
    }

    private static PlanBook.NodeFact fact(String id, String role) {
        return new PlanBook.NodeFact(id, role, "healthy");
    }

    private static ClusterSnapshot healthy() throws Exception {
        try (ClusterConnection sim = new SimBackend().open("healthy", OpenOptions.virtualTime(1))) {
            return sim.status();
        }
    }
}
