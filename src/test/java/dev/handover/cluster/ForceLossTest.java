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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            "write transactions a MB of WAL on n1", Optional.of(new WriteRate.PerPosition(0.0004, 0.0006)),
            ForceLoss.Unit.TRANSACTIONS);

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
        public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) {
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
    void withoutACountTheTransactionsAreARangeFromTheRateBeforeTheFreezeAndSaySo() {
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE), Optional.empty());

        // 4,108,463 bytes at 0.0004 to 0.0006 write transactions a byte, as the rate's two samples showed.
        assertEquals(new ForceLoss.Estimated(1_643, 2_465, ForceLoss.Unit.TRANSACTIONS,
                "estimate, basis: write transactions a MB of WAL on n1"), loss.writes());
        assertFalse(loss.writes().exact());
        assertEquals("between 1,643 and 2,465 committed transactions will be lost", ForceLossText.writes(loss));
        assertEquals("estimate, basis: write transactions a MB of WAL on n1", ForceLossText.writesBasis(loss));
        assertEquals("3.9 MB (4,108,463 bytes)", ForceLossText.size(loss));
        // Seconds from the transactions at the transaction rate, never from the bytes at a WAL byte rate.
        assertEquals("about 1.6 s to 2.5 s of writes, at 1,000 transactions/s over the last 2s before the freeze",
                ForceLossText.time(loss));
    }

    @Test
    void aRateWithoutSpreadGivesOneFigureStillCalledAnEstimate() {
        WriteRate flat = new WriteRate(2_000_000, OptionalDouble.of(1_000), Duration.ofSeconds(2), "a flat rate");
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(flat), Optional.empty());

        assertEquals(new ForceLoss.Estimated(2_054, 2_054, ForceLoss.Unit.TRANSACTIONS, "estimate, basis: a flat rate"),
                loss.writes());
        assertEquals("about 2,054 committed transactions will be lost", ForceLossText.writes(loss));
    }

    @Test
    void aCountFromTheLogIsExactAndItsTimeIsTheSpanOfTheLostCommits() {
        long[] ends = {REACHED + 100, REACHED + 2_000, FRONTIER - 10};
        ClusterConnection counting = new Delegating(UNCOUNTED) {
            @Override
            public Optional<ForceLoss.LostWrites> countLostWrites(long afterLsn, long uptoLsn) {
                return Optional.of(new ForceLoss.Counted(3, ForceLoss.Unit.TRANSACTIONS, "counted in the WAL", ends,
                        Optional.of(Duration.ofMillis(16_200))));
            }
        };
        ForceLoss loss = ForceLoss.assess(counting, PROMPT, Optional.of(PG_RATE), Optional.empty());

        assertTrue(loss.writes().exact());
        assertEquals("3 committed transactions will be lost", ForceLossText.writes(loss));
        assertEquals("counted in the WAL", ForceLossText.writesBasis(loss));
        assertEquals("16.2 s, from the first to the last lost commit's time in the log", ForceLossText.time(loss));

        // The target received more before the commit: what was really lost is recounted from the commits' ends.
        ForceLoss.LostWrites real = loss.atHandover(counting, REACHED + 2_000);
        assertEquals(1, ((ForceLoss.Counted) real).count(), real.toString());
        assertEquals(0, ((ForceLoss.Counted) loss.atHandover(counting, FRONTIER)).count());
        assertEquals(loss.writes(), loss.atHandover(counting, REACHED));
    }

    @Test
    void anEstimateAtTheHandoverIsScaledToWhatTheTargetReallyLacked() {
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE), Optional.empty());
        ForceLoss.Estimated half = (ForceLoss.Estimated) loss.atHandover(UNCOUNTED, REACHED + PROMPT.skippedLsn() / 2);
        assertEquals(822, half.low(), half.toString());
        assertEquals(1_233, half.high(), half.toString());
    }

    @Test
    void withoutARateNothingIsMadeUp() {
        ForceLoss loss = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.empty(), Optional.empty());

        assertEquals("an unknown number of committed transactions will be lost", ForceLossText.writes(loss));
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
        assertEquals(Optional.of(new ForceLoss.Alternative("n3", FRONTIER - 1_000_000, false, 1_000_000)),
                partial.alternative(), "n3, not the unreachable n4, and short of the frontier");
        assertTrue(ForceLossText.alternative(partial).orElseThrow().contains("1,000,000 LSN short"),
                ForceLossText.alternative(partial).orElseThrow());

        NodeStatus caughtUp = Nodes.healthyReplica("n3", "eu", FRONTIER, 0, 1e6);
        ForceLoss whole = ForceLoss.assess(UNCOUNTED, PROMPT, Optional.of(PG_RATE),
                Optional.of(new ClusterSnapshot(List.of(N1, N2, caughtUp, down))));
        assertEquals(Optional.of(new ForceLoss.Alternative("n3", FRONTIER, true, 0)), whole.alternative());
        assertEquals(List.of(
                "Between 1,643 and 2,465 committed transactions will be lost (estimate, basis: write transactions a "
                        + "MB of WAL on n1)",
                "Data lost: 3.9 MB (4,108,463 bytes)",
                "Time of writes lost: about 1.6 s to 2.5 s of writes, at 1,000 transactions/s over the last 2s before "
                        + "the freeze",
                "Safer: Decline, then run coordinated to n3: it holds every write up to the frozen frontier"),
                ForceLossText.lines(whole));
    }

    /** A cluster that answers as {@code inner} does, for overriding one call. */
    private static class Delegating implements ClusterConnection {
        private final ClusterConnection inner;

        Delegating(ClusterConnection inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public ClusterSnapshot status() throws ClusterException {
            return inner.status();
        }

        @Override
        public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
            return inner.transportFor(request, pollInterval);
        }

        @Override
        public boolean positionsCountBytes() {
            return inner.positionsCountBytes();
        }

        @Override
        public void close() {
        }
    }
}
