package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one duration parser, for the console, the CLI, scenario files (and the force dialog's freeze budget). */
class DurationsParseTest {

    private static Object parse(String text) {
        Durations.Parsed p = Durations.parse("Deadline", text);
        return p instanceof Durations.Ok ok ? ok.value() : ((Durations.Invalid) p).message();
    }

    @Test
    void readsWhatPeopleType() {
        assertEquals(Duration.ofMillis(500), parse("500ms"));
        assertEquals(Duration.ofMillis(1500), parse("1.5s"));
        assertEquals(Duration.ofSeconds(90), parse("1m30s"));
        assertEquals(Duration.ofSeconds(30), parse(" 30S "));
        assertEquals(Duration.ofHours(1), parse("1h"));
        assertEquals(Duration.ZERO, parse("0"));
    }

    @Test
    void namesTheFieldAndWhatWasWrong() {
        assertEquals("Deadline: negative duration: -5ms; durations count from 0 up", parse("-5ms"));
        assertEquals("Deadline \"30\" has no unit; add a unit: 30s or 30ms", parse("30"));
        assertEquals("Deadline \"1.5\" has no unit; add a unit: 1.5s or 1.5ms", parse("1.5"));
        assertEquals("Deadline \"30 seconds\" is not a duration; type e.g. 30s, 500ms or 1m30s", parse("30 seconds"));
        assertEquals("Deadline is empty; type a duration such as 30s, 500ms or 2m", parse(" "));
        assertEquals("Deadline 99999999999h is too long: type e.g. 30s, 500ms or 1m30s", parse("99999999999h"));
    }

    @Test
    void aRangeNamesItsEnds() {
        assertEquals(new Durations.Invalid("--poll must be between 10ms and 1m, got 5ms"),
                Durations.parse("--poll", "5ms", RunLimits.POLL));
        assertEquals(new Durations.Invalid("--deadline must be between 0ms and 10m, got 99999999999999s"),
                Durations.parse("--deadline", "99999999999999s", RunLimits.DEADLINE));
        assertEquals(new Durations.Ok(Duration.ofMinutes(10)), Durations.parse("--deadline", "10m", RunLimits.DEADLINE));
        assertEquals(new Durations.Invalid("--deadline 99999999999999s is too long: type e.g. 30s, 500ms or 1m30s", true),
                Durations.parse("--deadline", "99999999999999s"), "without a range, said as too long, and typed so");
    }
}
