package dev.handover.cluster;

import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForcePrompt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11, point 5: what a forced commit would lose, as a DBA weighs it. A backend that cannot count the
 * lost writes (PostgreSQL) gets an estimate from the write rate read before the freeze, and says how it was
 * made; the safer replica is the one furthest along beyond the target.
 */
class ForceLossTest {
    private static final long FRONTIER = 10_000_000;
    private static final long REACHED = FRONTIER - 4_108_463;
    private static final NodeStatus N1 = Nodes.primary("n1", "eu", FRONTIER, 3);
    private static final NodeStatus N2 = Nodes.replica("n2", "eu", FRONTIER, FRONTIER - REACHED, 0, Health.DEGRADED, "stalled");
    private static final ForcePrompt PROMPT = new ForcePrompt(new FailoverRequest(N1.node(), N2.node(), 3, REACHED,
            new FailoverMode.Force(Duration.ofSeconds(2))), FRONTIER, REACHED, FRONTIER - REACHED, Duration.ofSeconds(30));
    private static final WriteRate PG_RATE = new WriteRate(2_000_000, OptionalDouble.of(1_000), Duration.ofSeconds(2),
            "commits from pg_stat_database.xact_commit on n1, read-only transactions included");

    /** A backend whose positions count bytes and which cannot count writes, as PostgreSQL. */
    private static final ClusterConnection UNCOUNTED = new ClusterConnection() {
        @Override
        public String name() {
            return "pg:test";
        }

        @Override
        public ClusterSnapshot status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FailoverTransport transportFor(String targetId, Duration pollInterval) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean positionsCountBytes() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    @Test
    void withoutACountTheWritesAreEstimatedFromTheRateBeforeTheFreezeAndSaySo() {
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE), Optional.empty());

        // 4,108,463 bytes at 1,000 commits per 2,000,000 bytes.
        assertEquals(new ForceLoss.Estimated(2_054, PG_RATE), loss.writes());
        assertEquals("about 2,054 acknowledged writes will be lost", ForceLossText.writes(loss));
        assertEquals("estimated from the write rate over the last 2s before the freeze: 1,000 writes/s at 1.9 MB/s "
                + "(commits from pg_stat_database.xact_commit on n1, read-only transactions included)",
                ForceLossText.writesBasis(loss));
        assertEquals("3.9 MB (4,108,463 bytes)", ForceLossText.size(loss));
        assertEquals("about 2.1 s of writes, at 1.9 MB/s over the last 2s before the freeze", ForceLossText.time(loss));
    }

    @Test
    void withoutARateNothingIsMadeUp() {
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.empty(), Optional.empty());

        assertEquals("an unknown number of acknowledged writes will be lost", ForceLossText.writes(loss));
        assertEquals("not known: no write rate was read before the freeze", ForceLossText.writesBasis(loss));
        assertEquals("not known: no write rate was read before the freeze", ForceLossText.time(loss));
        assertEquals(Optional.empty(), ForceLossText.alternative(loss));
    }

    @Test
    void theSaferReplicaIsTheFurthestReachableOneBeyondTheTarget() {
        NodeStatus closer = Nodes.healthyReplica("n3", "eu", FRONTIER, 1_000_000, 1e6);
        NodeStatus down = Nodes.replica("n4", "eu", FRONTIER, 0, 0, Health.UNREACHABLE, "down");
        ForceLoss partial = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE),
                Optional.of(new ClusterSnapshot(List.of(N1, N2, closer, down))));
        assertEquals("Decline, then consider n3: it holds more than n2 (1,000,000 LSN short of the frontier instead "
                + "of 4,108,463 LSN)", ForceLossText.alternative(partial).orElseThrow());

        NodeStatus caughtUp = Nodes.healthyReplica("n3", "eu", FRONTIER, 0, 1e6);
        ForceLoss whole = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE),
                Optional.of(new ClusterSnapshot(List.of(N1, N2, caughtUp, down))));
        assertEquals("Decline, then run coordinated to n3: it holds every write up to the frozen frontier",
                ForceLossText.alternative(whole).orElseThrow());
        assertEquals(List.of(
                "About 2,054 acknowledged writes will be lost (estimated from the write rate "
                        + "over the last 2s before the freeze: 1,000 writes/s at 1.9 MB/s (commits from "
                        + "pg_stat_database.xact_commit on n1, read-only transactions included))",
                "Data lost: 3.9 MB (4,108,463 bytes)",
                "Time of writes lost: about 2.1 s of writes, at 1.9 MB/s over the last 2s before the freeze",
                "Safer: Decline, then run coordinated to n3: it holds every write up to the frozen frontier"),
                ForceLossText.lines(whole));
    }
}
