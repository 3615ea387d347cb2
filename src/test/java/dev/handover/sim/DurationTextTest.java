package dev.handover.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationTextTest {

    @Test
    void parsesWhatPeopleType() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse("5s"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofMinutes(1), DurationText.parse("1m"));
        assertEquals(Duration.ofSeconds(150), DurationText.parse("2m30s"));
        assertEquals(Duration.ofHours(1), DurationText.parse("1h"));
        assertEquals(Duration.ZERO, DurationText.parse("0"));
        assertEquals(Duration.ZERO, DurationText.parse("0ms"));
    }

    @Test
    void refusesNegativeAndMalformed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DurationText.parse("-1s"))
                .getMessage().contains("negative"));
        for (String bad : new String[]{"", "5", "5 s", "fast", "1.s", "s", "5sec", "1e3ms", "99999999999h", "-5ms"}) {
            assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
        }
    }
}
