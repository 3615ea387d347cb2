package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found on real PostgreSQL (PgFaultTest): a forced commit may carry more than the last reading (the
 * old primary's clean shutdown still sends its WAL to a connected target), or less (a partial record
 * is dropped at promotion). The outcome counts what the new primary holds when the transport can tell.
 */
class HeldAtHandoverTest {

    /** A target stuck at 80 of 100 by every reading, whose commit leaves the new primary holding {@code held}. */
    private static ScriptedTransport stuckAt80(OptionalLong held) {
        return new ScriptedTransport(100, List.of(80L), ms(10)) {
            @Override
            public OptionalLong heldAtHandover() {
                return held;
            }
        };
    }

    @Test
    void aForcedCommitThatCarriedEverythingIsCountedAsLosingNothing() throws Exception {
        var out = FailoverCoordinator.run(request(force(ms(50)), 0), stuckAt80(OptionalLong.of(104)));

        assertEquals(104, out.reachedLsn());
        assertEquals(0, out.skippedLsn());
        assertTrue(out.isZeroRpo());
        assertFalse(out.forced(), "nothing was skipped at the promotion");
    }

    @Test
    void aForcedCommitThatDroppedAPartialRecordCountsItAsSkipped() throws Exception {
        var out = FailoverCoordinator.run(request(force(ms(50)), 0), stuckAt80(OptionalLong.of(76)));

        assertEquals(76, out.reachedLsn());
        assertEquals(24, out.skippedLsn());
        assertTrue(out.forced());
    }

    @Test
    void withoutAnAnswerTheLastReadingStands() throws Exception {
        var out = FailoverCoordinator.run(request(force(ms(50)), 0), stuckAt80(OptionalLong.empty()));
        assertEquals(80, out.reachedLsn());
        assertEquals(20, out.skippedLsn());

        var broken = new ScriptedTransport(100, List.of(80L), ms(10)) {
            @Override
            public OptionalLong heldAtHandover() {
                throw new IllegalStateException("session gone");
            }
        };
        var fallback = FailoverCoordinator.run(request(force(ms(50)), 0), broken);
        assertEquals(5L, broken.committedTerm, "committed all the same");
        assertEquals(20, fallback.skippedLsn());
    }

    @Test
    void aCoordinatedCommitIsNotRecounted() throws Exception {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10)) {
            @Override
            public OptionalLong heldAtHandover() {
                throw new AssertionError("only a commit forced past its reading asks");
            }
        };
        var out = FailoverCoordinator.run(request(coordinated(ms(50)), 0), tx);
        assertEquals(100, out.reachedLsn());
        assertTrue(out.isZeroRpo());
    }

    @Test
    void aForwardingTransportPassesTheAnswerOn() {
        FailoverTransport wrapped = new ForwardingTransport(stuckAt80(OptionalLong.of(90))) { };
        assertEquals(OptionalLong.of(90), wrapped.heldAtHandover());
    }
}
