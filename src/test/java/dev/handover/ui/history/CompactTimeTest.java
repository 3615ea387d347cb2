package dev.handover.ui.history;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** History's compact time: the hour always readable, the day only when it is not today. */
class CompactTimeTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void todayIsTheTimeAloneAnOlderRunAlsoItsDay() {
        assertEquals("06:01:04", CompactTime.of("2026-12-07 06:01:04", TODAY));
        assertEquals("12-05 23:40", CompactTime.of("2026-12-05 23:40:59", TODAY));
        assertEquals("11-26 06:00", CompactTime.of("2025-11-26 06:00:00", TODAY));
        assertEquals(CompactTime.WIDEST.length(), CompactTime.of("2026-12-05 23:40:59", TODAY).length());
    }

    @Test
    void aTimeItCannotReadIsShownAsItIs() {
        assertEquals("yesterday-ish", CompactTime.of("yesterday-ish", TODAY));
    }
}
