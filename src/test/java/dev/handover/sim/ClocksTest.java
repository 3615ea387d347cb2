package dev.handover.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClocksTest {

    @Test
    void virtualClockMovesOnlyWhenTold() {
        VirtualClock clock = new VirtualClock();
        assertEquals(Duration.ZERO, clock.now());
        clock.advance(Duration.ofMillis(250));
        clock.sleep(Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(1250), clock.now());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    }

    @Test
    void realTimeClockStandsStillWhilePaused() {
        RealTimeClock clock = new RealTimeClock(20.0);
        clock.pause();
        assertTrue(clock.isPaused());
        Duration a = clock.now();
        Duration b = clock.now();
        assertEquals(a, b);
        clock.setSpeed(5.0);
        assertEquals(5.0, clock.speed());
        assertEquals(a, clock.now(), "changing speed while paused must not move time");
        clock.resume();
        assertFalse(clock.isPaused());
        assertTrue(clock.now().compareTo(a) >= 0);
    }

    @Test
    void realTimeClockSleepWaitsSimulatedTime() throws InterruptedException {
        RealTimeClock clock = new RealTimeClock(1000.0); // 1s simulated = 1ms of wall time
        Duration before = clock.now();
        clock.sleep(Duration.ofSeconds(1));
        assertTrue(clock.now().minus(before).compareTo(Duration.ofSeconds(1)) >= 0);
    }

    @Test
    void realTimeClockRefusesNonsenseSpeeds() {
        assertThrows(IllegalArgumentException.class, () -> new RealTimeClock(0));
        assertThrows(IllegalArgumentException.class, () -> new RealTimeClock(-2));
        assertThrows(IllegalArgumentException.class, () -> new RealTimeClock(Double.NaN));
    }
}
