package dev.handover.ui.switchover;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationInputTest {
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofHours(1);

    private static Object parse(String text) {
        DurationInput.Parsed p = DurationInput.parse("Deadline", text, MIN, MAX);
        return p instanceof DurationInput.Ok ok ? ok.value() : ((DurationInput.Invalid) p).message();
    }

    @Test
    void readsTheUsualSpellings() {
        assertEquals(Duration.ofSeconds(30), parse("30s"));
        assertEquals(Duration.ofSeconds(30), parse(" 30 "));
        assertEquals(Duration.ofMillis(1500), parse("1.5s"));
        assertEquals(Duration.ofMillis(250), parse("250ms"));
        assertEquals(Duration.ofMinutes(2), parse("2m"));
        assertEquals(Duration.ofSeconds(90), parse("1m30s"));
        assertEquals(Duration.ofSeconds(90), parse("1M 30S"));
    }

    @Test
    void namesTheFieldWhenItCannotRead() {
        assertEquals("Deadline \"30 seconds\" is not a duration; type e.g. 30s, 500ms or 1m30s", parse("30 seconds"));
        assertEquals("Deadline \"-5s\" is not a duration; type e.g. 30s, 500ms or 1m30s", parse("-5s"));
        assertEquals("Deadline must be at most 60m", parse("2h"));
        assertEquals("Deadline must be at most 60m", parse("99999999999999999999h"));
    }
}
