package dev.handover.ui.chart;

import dev.handover.postgres.PgPositions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LSN axis on PostgreSQL: ticks count whole units of bytes down from the frozen frontier. */
class ByteTicksTest {
    private static final long MB = 1 << 20;

    @Test
    void stepsAreRoundInOneUnit() {
        assertEquals(1, AxisRange.byteStep(0.3));
        assertEquals(500, AxisRange.byteStep(420));
        assertEquals(1024, AxisRange.byteStep(700), "1000 bytes would be an odd step: one kB");
        assertEquals(2 * 1024, AxisRange.byteStep(1500));
        assertEquals(MB, AxisRange.byteStep(0.7 * MB));
        assertEquals(2 * MB, AxisRange.byteStep(1.3 * MB));
        assertEquals(200L * MB, AxisRange.byteStep(150.0 * MB));
        assertEquals(1024, AxisRange.byteUnit(200 * 1024 + 0.0));
        assertEquals(MB, AxisRange.byteUnit(MB));
    }

    @Test
    void aTickFallsOnTheAnchorAndTheRangeCoversTheData() {
        long frontier = 0x4009D88L;
        long first = frontier - 4_108_463;
        AxisRange r = AxisRange.below(frontier, first - 200_000, frontier + 200_000, 6);
        assertEquals(MB, r.tick());
        assertTrue(r.contains(first - 200_000, frontier + 200_000), r.toString());
        double stepsToAnchor = (frontier - r.lower()) / r.tick();
        assertEquals(Math.rint(stepsToAnchor), stepsToAnchor, "the frontier is a tick: " + r);
        assertEquals(frontier + MB, r.upper(), "one step above the frontier, on the grid");
    }

    @Test
    void labelsNameTheFrontierAndCountWholeUnitsBelowIt() {
        long frontier = 0x4009D88L;
        assertEquals("0/4009D88", CatchUpChart.byteTick(frontier, frontier, MB, PgPositions.INSTANCE, true));
        assertEquals("\u22122 MB", CatchUpChart.byteTick(frontier - 2 * MB, frontier, MB, PgPositions.INSTANCE, true));
        assertEquals("\u2212512 kB", CatchUpChart.byteTick(frontier - 512 * 1024, frontier, 512 * 1024,
                PgPositions.INSTANCE, true));
        assertEquals("", CatchUpChart.byteTick(frontier + MB, frontier, MB, PgPositions.INSTANCE, true),
                "nothing lies above the frontier");
        assertEquals("+3 MB", CatchUpChart.byteTick(frontier + 3 * MB, frontier, MB, PgPositions.INSTANCE, false),
                "from a first reading the ticks count up");
    }
}
