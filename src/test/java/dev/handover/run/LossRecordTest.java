package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Positions;
import dev.handover.core.AbortReason;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForcePrompt;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.RoleAssignment;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 20, finding 3: what a run's record says it lost. A forced commit keeps the prompt's count, recounted
 * at the position the commit really handed over at; an outcome nobody knows is unknown, never 0; a run that
 * handed nothing over lost nothing.
 */
class LossRecordTest {
    private static final FailoverNode N1 = new FailoverNode("n1", "10.0.0.1:5432", "eu");
    private static final FailoverNode N2 = new FailoverNode("n2", "10.0.0.2:5432", "eu");
    private static final FailoverRequest REQ = new FailoverRequest(N1, N2, 1, 0, new FailoverMode.Force(Duration.ofSeconds(1)));
    private static final ForcePrompt PROMPT = new ForcePrompt(REQ, 10_000, 6_000, 4_000, Duration.ofSeconds(30));
    private static final ForceLoss COUNTED = new ForceLoss(PROMPT, Positions.PLAIN, true,
            new ForceLoss.Counted(3, ForceLoss.Unit.TRANSACTIONS, "counted in the WAL", new long[]{6_500, 8_000, 9_900},
                    Optional.empty()), Optional.empty(), Optional.empty());

    private static final ClusterConnection CLUSTER = new ClusterConnection() {
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
    void aForcedCommitKeepsTheCountAtThePositionItReallyHandedOverAt() {
        LossInfo loss = LossRecord.of(CLUSTER, List.of(frozen(), committed(7_000)), Optional.of(COUNTED)).orElseThrow();
        assertEquals(3_000, loss.skippedPositions());
        assertEquals(2, loss.lostTransactions().count(), "the commit at 6,500 reached the target before the handover");
        assertEquals(LostInfo.EXACT, loss.lostTransactions().figure());
        assertEquals(3, loss.atPrompt().count());
    }

    @Test
    void anUnknownOutcomeIsUnknownNeverZero() {
        LossInfo loss = LossRecord.of(CLUSTER, List.of(frozen(),
                new HandoverEvent.OutcomeUnknown(Duration.ofSeconds(3), 2, 10_000, 6_000, "n2 did not promote")),
                Optional.of(COUNTED)).orElseThrow();
        assertEquals(LostInfo.UNKNOWN, loss.lostTransactions().figure());
        assertEquals("unknown", loss.lostTransactions().cell());
        assertEquals("unknown: the commit's outcome is unknown: whether anything was lost depends on which node took "
                + "the term; had it gone through at the prompt's position: 3 committed transactions (counted in the WAL)",
                loss.lostTransactions().text());

        LossInfo broken = LossRecord.of(CLUSTER, List.of(frozen()), Optional.empty()).orElseThrow();
        assertEquals(LostInfo.UNKNOWN, broken.lostTransactions().figure(), "a run that broke off mid-way");
    }

    @Test
    void aRunThatHandedNothingOverLostNothingAndACleanCommitLostNothing() {
        LossInfo declined = LossRecord.of(CLUSTER, List.of(frozen(), new HandoverEvent.Aborted(Duration.ofSeconds(3),
                AbortReason.FORCE_DECLINED, 10_000, 6_000, "declined")), Optional.of(COUNTED)).orElseThrow();
        assertEquals(0, declined.lostTransactions().count());
        assertEquals(3, declined.atPrompt().count(), "what the operator was shown stays on record");

        LossInfo clean = LossRecord.of(CLUSTER, List.of(frozen(), committed(10_000)), Optional.empty()).orElseThrow();
        assertEquals(0, clean.lostTransactions().count());
        assertEquals(0, clean.skippedPositions());
        assertEquals(Optional.empty(), LossRecord.of(CLUSTER, List.of(frozen(), new HandoverEvent.Aborted(Duration.ofSeconds(3),
                AbortReason.CATCH_UP_TIMED_OUT, 10_000, 6_000, "timed out")), Optional.empty()));
    }

    private static HandoverEvent frozen() {
        return new HandoverEvent.Frozen(Duration.ZERO, 10_000);
    }

    private static HandoverEvent committed(long held) {
        return new HandoverEvent.Committed(Duration.ofSeconds(3), new FailoverOutcome(2, 10_000, held, 10_000 - held,
                held < 10_000, Duration.ofSeconds(2), new RoleAssignment(new NodeRole.Primary(2),
                new NodeRole.Replica(N2.addr(), 2))));
    }
}
