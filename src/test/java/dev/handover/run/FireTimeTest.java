package dev.handover.run;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time of a scheduled run, as {@code run --at} and the console's Schedule… both read it. */
class FireTimeTest {
    /** Noon in Berlin (11:00 UTC) on 29 November 2026. */
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-29T11:00:00Z"), ZoneId.of("Europe/Berlin"));

    @Test
    void aTimeOfDayIsTodayOrWithADayWordTodayOrTomorrowInTheMachinesZone() throws Exception {
        assertEquals(Instant.parse("2026-11-29T17:30:00Z"), FireTime.parse("18:30", NOON));
        assertEquals(Instant.parse("2026-11-29T17:30:00Z"), FireTime.parse("today 18:30", NOON));
        assertEquals(Instant.parse("2026-11-30T06:00:15Z"), FireTime.parse("Tomorrow 7:00:15", NOON));
        assertEquals(Instant.parse("2026-11-29T11:05:00Z"), FireTime.parse(" 12:05 ", NOON));
    }

    @Test
    void aDateTimeIsLocalAnInstantOrOffsetIsExact() throws Exception {
        assertEquals(Instant.parse("2026-12-01T17:30:00Z"), FireTime.parse("2026-12-01T18:30", NOON));
        assertEquals(Instant.parse("2026-12-01T17:30:00Z"), FireTime.parse("2026-12-01T17:30:00Z", NOON));
        assertEquals(Instant.parse("2026-11-30T08:00:00Z"), FireTime.parse("2026-11-30T09:00+01:00", NOON));
    }

    @Test
    void thePastTooFarAheadAndNoTimeAreRefusedSayingWhy() {
        assertTrue(assertThrows(FireTime.Invalid.class, () -> FireTime.parse("11:00", NOON)).getMessage()
                .startsWith("11:00 has passed"));
        assertTrue(assertThrows(FireTime.Invalid.class, () -> FireTime.parse("2026-12-24T18:00", NOON)).getMessage()
                .contains("more than 7 days ahead"));
        assertTrue(assertThrows(FireTime.Invalid.class, () -> FireTime.parse("tonight", NOON)).getMessage()
                .startsWith("\"tonight\" is not a time"));
        assertTrue(assertThrows(FireTime.Invalid.class, () -> FireTime.parse("tomorrow 2026-12-01T18:30", NOON))
                .getMessage().contains("is not a time"), "a day word takes a time of day only");
    }
}
