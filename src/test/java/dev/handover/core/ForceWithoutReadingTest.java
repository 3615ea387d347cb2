package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by the fault simulation (seed 1140 and others): a force run with a zero timeout never polled
 * and committed on the request's hint, so it reported a skipped range the target had long covered.
 * A forced commit now always reports a reading taken during the run.
 */
class ForceWithoutReadingTest {

    @Test
    void aZeroTimeoutReadsTheTargetOnceAndReportsWhatItReallySkips() throws Exception {
        var tx = new ScriptedTransport(100, List.of(80L), ms(10));
        var out = FailoverCoordinator.run(request(force(Duration.ZERO), 50), tx);

        assertEquals(1, tx.polls, "one reading before the forced commit");
        assertTrue(out.forced());
        assertEquals(80, out.reachedLsn(), "the reading, not the stale hint of 50");
        assertEquals(20, out.skippedLsn());
        assertEquals(5L, tx.committedTerm);
    }

    @Test
    void aZeroTimeoutWhoseTargetHasCaughtUpIsACleanHandover() throws Exception {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        var out = FailoverCoordinator.run(request(force(Duration.ZERO), 50), tx);

        assertFalse(out.forced());
        assertTrue(out.isZeroRpo());
        assertEquals(100, out.reachedLsn());
    }

    @Test
    void aZeroTimeoutWhoseTargetHasCaughtUpAsksNobody() throws Exception {
        // Mutation killed: prompting when frontier >= reached. Nothing would be skipped, so there is nothing to
        // approve; a prompt here would let a decline abort a clean handover.
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        var listener = new RecordingListener();
        var hooks = RunHooks.none().withListener(listener)
                .withApproval(ForceApproval.always(ForceDecision.DECLINE, Duration.ofSeconds(30)));

        var out = FailoverCoordinator.run(request(force(Duration.ZERO), 50), tx, hooks);

        assertEquals(List.of("Frozen", "Polled", "Committed"), listener.names(), "no prompt");
        assertFalse(out.forced());
        assertTrue(out.isZeroRpo());
        assertEquals(5L, tx.committedTerm);
        assertFalse(tx.resumed);
    }

    @Test
    void theApprovalPromptShowsTheFreshReadingToo() throws Exception {
        var tx = new ScriptedTransport(100, List.of(90L), ms(10));
        var listener = new RecordingListener();
        var hooks = RunHooks.none().withListener(listener)
                .withApproval(ForceApproval.always(ForceDecision.APPROVE, Duration.ofSeconds(30)));
        FailoverCoordinator.run(request(force(Duration.ZERO), 50), tx, hooks);

        var asked = listener.last(HandoverEvent.AwaitingApproval.class);
        assertEquals(90, asked.reachedLsn());
        assertEquals(10, asked.skippedLsn());
    }
}
