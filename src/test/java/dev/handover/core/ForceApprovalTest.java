package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForceApprovalTest {

    /** Target stalls at 70 of 100, then (only if polled again) has crept to 75. */
    private static ScriptedTransport stalled() {
        return new ScriptedTransport(100, List.of(60L, 65L, 70L, 70L, 70L, 75L), ms(10));
    }

    @Test
    void approvalSeesFrontierReachedSkippedThenCommitReportsTheFreshestReading() throws Exception {
        var tx = stalled();
        var prompts = new ArrayList<ForcePrompt>();
        var events = new RecordingListener();
        ForceApproval approve = new ForceApproval() {
            public Duration window() {
                return Duration.ofSeconds(30);
            }

            public ForceDecision decide(ForcePrompt p) {
                prompts.add(p);
                assertFalse(tx.resumed || tx.committedTerm != null, "nothing committed or resumed while asking");
                return ForceDecision.APPROVE;
            }
        };

        var outcome = FailoverCoordinator.run(request(force(ms(50)), 50), tx,
                RunHooks.none().withListener(events).withApproval(approve));

        assertEquals(1, prompts.size());
        var p = prompts.get(0);
        assertEquals(100, p.frontierLsn());
        assertEquals(70, p.reachedLsn());
        assertEquals(30, p.skippedLsn());
        assertEquals(Duration.ofSeconds(30), p.window());
        assertEquals(6, tx.polls, "one more poll after approval");
        assertEquals(75, outcome.reachedLsn());
        assertEquals(25, outcome.skippedLsn());
        assertTrue(outcome.forced());
        assertEquals(5L, tx.committedTerm);
        assertEquals(List.of("Frozen", "Polled", "Polled", "Polled", "Polled", "Polled", "AwaitingApproval",
                "ApprovalDecided", "Polled", "Committed"), events.names());
    }

    @Test
    void approvedRunWhoseTargetCaughtUpMeanwhileIsClean() throws Exception {
        var tx = new ScriptedTransport(100, List.of(70L, 70L, 70L, 70L, 70L, 100L), ms(10));

        var outcome = FailoverCoordinator.run(request(force(ms(50)), 50), tx,
                RunHooks.none().withApproval(ForceApproval.always(ForceDecision.APPROVE, Duration.ofSeconds(5))));

        assertFalse(outcome.forced());
        assertTrue(outcome.isZeroRpo());
    }

    @Test
    void declineResumesAndCommitsNothing() {
        var tx = stalled();
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(50)), 50), tx,
                RunHooks.none().withListener(events)
                        .withApproval(ForceApproval.always(ForceDecision.DECLINE, Duration.ofSeconds(5)))));

        assertEquals(AbortReason.FORCE_DECLINED, err.reason());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
        assertEquals(List.of("AwaitingApproval", "ApprovalDecided", "Resumed", "Aborted"),
                events.names().subList(6, 10));
        assertEquals(ForceDecision.DECLINE, events.last(HandoverEvent.ApprovalDecided.class).decision());
    }

    @Test
    void anAnswerAfterTheWindowCountsAsLapsedEvenIfItApproves() {
        var tx = stalled();
        ForceApproval slow = new ForceApproval() {
            public Duration window() {
                return Duration.ofSeconds(5);
            }

            public ForceDecision decide(ForcePrompt p) {
                tx.elapsed = tx.elapsed.plus(Duration.ofSeconds(6)); // the operator dithered past the window
                return ForceDecision.APPROVE;
            }
        };

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(50)), 50), tx,
                RunHooks.none().withApproval(slow)));

        assertEquals(AbortReason.FORCE_APPROVAL_LAPSED, err.reason());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
    }

    @Test
    void anAnswerExactlyAtTheEndOfTheWindowIsStillWithinIt() throws Exception {
        // Mutation killed: lapsed when the answer took >= the window. Only a later answer lapses.
        var tx = stalled();
        ForceApproval onTheBell = new ForceApproval() {
            public Duration window() {
                return Duration.ofSeconds(5);
            }

            public ForceDecision decide(ForcePrompt p) {
                tx.elapsed = tx.elapsed.plus(Duration.ofSeconds(5)); // the operator answered as the window closed
                return ForceDecision.APPROVE;
            }
        };

        var outcome = FailoverCoordinator.run(request(force(ms(50)), 50), tx, RunHooks.none().withApproval(onTheBell));

        assertTrue(outcome.forced());
        assertEquals(5L, tx.committedTerm);
        assertFalse(tx.resumed);
    }

    @Test
    void lapsedAndThrowingPromptsNeverApprove() {
        var lapsed = stalled();
        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(50)), 50), lapsed,
                RunHooks.none().withApproval(ForceApproval.always(ForceDecision.LAPSED, Duration.ofSeconds(5)))));
        assertEquals(AbortReason.FORCE_APPROVAL_LAPSED, err.reason());

        var broken = stalled();
        ForceApproval throwing = new ForceApproval() {
            public Duration window() {
                return Duration.ofSeconds(5);
            }

            public ForceDecision decide(ForcePrompt p) {
                throw new IllegalStateException("dialog failed to open");
            }
        };
        var err2 = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(50)), 50), broken,
                RunHooks.none().withApproval(throwing)));
        assertEquals(AbortReason.FORCE_DECLINED, err2.reason());
        assertNull(broken.committedTerm);
    }

    @Test
    void noPromptWhenNothingWouldBeSkipped() throws Exception {
        var tx = new ScriptedTransport(100, List.of(90L, 100L), ms(10));
        var asked = new AtomicReference<ForcePrompt>();
        ForceApproval spy = new ForceApproval() {
            public Duration window() {
                return Duration.ofSeconds(5);
            }

            public ForceDecision decide(ForcePrompt p) {
                asked.set(p);
                return ForceDecision.DECLINE;
            }
        };

        var outcome = FailoverCoordinator.run(request(force(Duration.ofSeconds(5)), 50), tx,
                RunHooks.none().withApproval(spy));

        assertNull(asked.get());
        assertTrue(outcome.isZeroRpo());
    }

    @Test
    void aPollFailingAfterApprovalResumesInsteadOfCommitting() {
        var tx = stalled();
        tx.failPollNumber = 6;

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(50)), 50), tx,
                RunHooks.none().withApproval(ForceApproval.always(ForceDecision.APPROVE, Duration.ofSeconds(5)))));

        assertEquals(AbortReason.POLL_FAILED, err.reason());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
    }
}
