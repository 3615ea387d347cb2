package dev.handover.ui.chart;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatchUpSeriesTest {

    @Test
    void growsPastItsFirstArrayAndKeepsTimeMonotonic() {
        CatchUpSeries s = new CatchUpSeries();
        long before = s.version();
        for (int i = 0; i < 5000; i++) {
            s.add(Duration.ofMillis(i), 10 + i);
        }
        s.add(Duration.ofMillis(10), 99_999);   // a reading stamped earlier than the last one

        assertEquals(5001, s.size());
        assertEquals(4.999, s.lastSeconds(), 1e-9);
        assertEquals(99_999, s.lastLsn());
        assertTrue(s.version() > before);
    }

    @Test
    void clearForgetsFrontierAndSamples() {
        CatchUpSeries s = new CatchUpSeries();
        s.setFrontier(500);
        s.setDeadline(Duration.ofSeconds(3));
        s.add(Duration.ZERO, 1);
        s.clear();
        assertEquals(0, s.size());
        assertTrue(s.frontier().isEmpty());
        assertEquals(Duration.ZERO, s.deadline());
    }
}
