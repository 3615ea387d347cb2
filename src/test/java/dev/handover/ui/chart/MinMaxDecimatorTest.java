package dev.handover.ui.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinMaxDecimatorTest {

    @Test
    void shortSeriesPassThroughUnchanged() {
        double[] xs = {0, 1, 2};
        double[] ys = {5, 7, 6};
        double[] ox = new double[MinMaxDecimator.capacity(10)];
        double[] oy = new double[ox.length];

        int n = MinMaxDecimator.decimate(xs, ys, 3, 0, 2, 10, ox, oy);

        assertEquals(3, n);
        assertArrayEquals(xs, java.util.Arrays.copyOf(ox, n));
        assertArrayEquals(ys, java.util.Arrays.copyOf(oy, n));
    }

    @Test
    void sixtyThousandSamplesBecomeAboutTwoPerColumn() {
        int samples = 60_000;   // ten minutes at 100 readings a second
        double[] xs = new double[samples];
        double[] ys = new double[samples];
        for (int i = 0; i < samples; i++) {
            xs[i] = i / 100.0;
            ys[i] = 1_000_000 + i * 3 + (i % 7);
        }
        int columns = 800;
        double[] ox = new double[MinMaxDecimator.capacity(columns)];
        double[] oy = new double[ox.length];

        int n = MinMaxDecimator.decimate(xs, ys, samples, 0, 600, columns, ox, oy);

        assertTrue(n <= 2 * columns + 1, "points " + n);
        assertTrue(n >= columns, "points " + n);
        assertEquals(xs[samples - 1], ox[n - 1], "the newest sample ends the line");
        for (int i = 1; i < n; i++) {
            assertTrue(ox[i] >= ox[i - 1], "x stays in order at " + i);
        }
    }

    @Test
    void aSpikeInsideOneColumnSurvives() {
        int samples = 10_000;
        double[] xs = new double[samples];
        double[] ys = new double[samples];
        for (int i = 0; i < samples; i++) {
            xs[i] = i;
            ys[i] = 100;
        }
        ys[4321] = 9_999;   // one reading far above the rest
        ys[4322] = -50;     // and one far below, right after it
        double[] ox = new double[MinMaxDecimator.capacity(20)];
        double[] oy = new double[ox.length];

        int n = MinMaxDecimator.decimate(xs, ys, samples, 0, samples, 20, ox, oy);

        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int maxAt = -1;
        int minAt = -1;
        for (int i = 0; i < n; i++) {
            if (oy[i] > max) {
                max = oy[i];
                maxAt = i;
            }
            if (oy[i] < min) {
                min = oy[i];
                minAt = i;
            }
        }
        assertEquals(9_999, max);
        assertEquals(-50, min);
        assertTrue(maxAt < minAt, "the spike comes before the dip, as it happened");
    }

    @Test
    void samplesOutsideTheRangeFallIntoTheEdgeColumns() {
        double[] xs = {-5, -4, 0, 1, 2, 3, 50, 60};
        double[] ys = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] ox = new double[MinMaxDecimator.capacity(2)];
        double[] oy = new double[ox.length];

        int n = MinMaxDecimator.decimate(xs, ys, xs.length, 0, 4, 2, ox, oy);

        assertTrue(n <= MinMaxDecimator.capacity(2));
        assertEquals(1, oy[0]);
        assertEquals(8, oy[n - 1]);
    }

    @Test
    void zeroColumnsIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MinMaxDecimator.decimate(new double[1], new double[1], 1, 0, 1, 0, new double[1], new double[1]));
    }
}
