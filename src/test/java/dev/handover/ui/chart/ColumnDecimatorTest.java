package dev.handover.ui.chart;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kept up to date sample by sample, the decimation is exactly the one done from scratch. */
class ColumnDecimatorTest {

    private static void assertSameAsFromScratch(ColumnDecimator incremental, CatchUpSeries s, double x0, double x1,
                                                int columns) {
        int cap = MinMaxDecimator.capacity(columns);
        double[] ax = new double[cap];
        double[] ay = new double[cap];
        double[] bx = new double[cap];
        double[] by = new double[cap];
        int a = incremental.decimate(s, s.generation(), s.seconds(), s.lsn(), s.size(), x0, x1, columns, ax, ay);
        int b = MinMaxDecimator.decimate(s.seconds(), s.lsn(), s.size(), x0, x1, columns, bx, by);
        assertEquals(b, a, "points after " + s.size() + " samples");
        assertArrayEquals(Arrays.copyOf(bx, b), Arrays.copyOf(ax, a));
        assertArrayEquals(Arrays.copyOf(by, b), Arrays.copyOf(ay, a));
    }

    @Test
    void growingSampleBySampleMatchesTheDecimationFromScratch() {
        SplittableRandom random = new SplittableRandom(7);
        CatchUpSeries s = new CatchUpSeries();
        ColumnDecimator d = new ColumnDecimator();
        long lsn = 1_000;
        for (int i = 0; i < 5_000; i++) {
            // Mostly rising, sometimes flat, now and then a dip: every kind of column.
            lsn += random.nextInt(-200, 1_000);
            s.add(i / 100.0, lsn);
            int batch = random.nextInt(1, 40);
            if (i % batch == 0) {
                assertSameAsFromScratch(d, s, 0, 60, 120);
            }
        }
        assertSameAsFromScratch(d, s, 0, 60, 120);
    }

    @Test
    void aNewRangeOrWidthOrAClearedSeriesStartsOver() {
        CatchUpSeries s = new CatchUpSeries();
        ColumnDecimator d = new ColumnDecimator();
        for (int i = 0; i < 3_000; i++) {
            s.add(i / 10.0, i % 17 * 100 + i);
        }
        assertSameAsFromScratch(d, s, 0, 400, 300);
        assertSameAsFromScratch(d, s, 0, 800, 300);  // the axis widened
        assertSameAsFromScratch(d, s, 0, 800, 500);  // the window grew
        s.clear();
        for (int i = 0; i < 4_000; i++) {             // more samples than before the clear
            s.add(i / 10.0, 50_000 - i);
        }
        assertSameAsFromScratch(d, s, 0, 800, 500);
    }

    @Test
    void samplesBeyondTheRangeFoldIntoTheEdgeColumnsAsFromScratch() {
        CatchUpSeries s = new CatchUpSeries();
        ColumnDecimator d = new ColumnDecimator();
        for (int i = 0; i < 1_000; i++) {
            s.add(i, i * 3 % 11);
            assertSameAsFromScratch(d, s, 100, 200, 20);
        }
    }
}
