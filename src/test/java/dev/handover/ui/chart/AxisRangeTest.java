package dev.handover.ui.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AxisRangeTest {

    @Test
    void roundTicksCoverTheRange() {
        AxisRange r = AxisRange.covering(1_000_003, 1_000_977, 6);
        assertEquals(200, r.tick());
        assertEquals(1_000_000, r.lower());
        assertEquals(1_001_000, r.upper());
        assertTrue(r.contains(1_000_003, 1_000_977));
    }

    @Test
    void anEmptyRangeStillHasWidth() {
        AxisRange r = AxisRange.covering(42, 42, 5);
        assertTrue(r.upper() > r.lower());
    }
}
