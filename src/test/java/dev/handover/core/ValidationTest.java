package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.handover.core.Requests.N1;
import static dev.handover.core.Requests.N2;
import static dev.handover.core.Requests.coordinated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ValidationTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void targetEqualToOldPrimaryIsRejected() {
        assertEquals("target n1 is the current primary; pick a replica to promote",
                message(() -> new FailoverRequest(N1, N1, 4, 0, coordinated(Duration.ofSeconds(1)))));
    }

    @Test
    void negativeDurationsAreRejected() {
        assertEquals("catch-up deadline must not be negative, got -5ms",
                message(() -> new FailoverMode.Coordinated(Duration.ofMillis(-5))));
        assertEquals("force timeout must not be negative, got -2s",
                message(() -> new FailoverMode.Force(Duration.ofSeconds(-2))));
    }

    @Test
    void termOverflowAndNegativeTermsAreRejected() {
        assertEquals("current term 9223372036854775807 cannot be incremented (term overflow)",
                message(() -> new FailoverRequest(N1, N2, Long.MAX_VALUE, 0, coordinated(Duration.ZERO))));
        assertEquals("current term must not be negative, got -1",
                message(() -> new FailoverRequest(N1, N2, -1, 0, coordinated(Duration.ZERO))));
    }

    @Test
    void negativeLsnHintIsRejected() {
        assertEquals("target frontier hint must not be negative, got LSN -3",
                message(() -> new FailoverRequest(N1, N2, 4, -3, coordinated(Duration.ZERO))));
    }

    @Test
    void blankNodeIdIsRejected() {
        assertEquals("node id must not be blank", message(() -> new FailoverNode(" ", "a", "r")));
    }

    @Test
    void newTermIsCurrentPlusOne() {
        assertEquals(5, new FailoverRequest(N1, N2, 4, 0, coordinated(Duration.ZERO)).newTerm());
    }

    @Test
    void durationsReadLikeTheReference() {
        assertEquals("0ms", Durations.format(Duration.ZERO));
        assertEquals("50ms", Durations.format(Duration.ofMillis(50)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("2m3s", Durations.format(Duration.ofSeconds(123)));
        assertEquals("2m0.013s", Durations.format(Duration.ofMillis(120_013)));
    }
}
