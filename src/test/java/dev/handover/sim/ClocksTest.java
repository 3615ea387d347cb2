package dev.handover.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
    void realTimeClockStandsStillWhilePausedAndGoesOnFromThereOnResume() throws InterruptedException {
        RealTimeClock clock = new RealTimeClock(1000.0); // a millisecond of wall time is a simulated second or so
        clock.pause();
        assertTrue(clock.isPaused());
        Duration a = clock.now();
        clock.setSpeed(500.0);
        assertEquals(500.0, clock.speed());
        assertEquals(a, clock.now(), "changing speed while paused must not move time");
        // Let 50 ms of wall time pass while paused (25 simulated seconds, if the pause leaked).
        new RealTimeClock(1.0).sleep(Duration.ofMillis(50));
        assertEquals(a, clock.now(), "no simulated time passes while paused");

        clock.resume();
        assertFalse(clock.isPaused());
        Duration resumedAt = clock.now();
        assertTrue(resumedAt.minus(a).compareTo(Duration.ofSeconds(1)) < 0,
                "resume goes on from where the pause stopped, not from the wall time: " + resumedAt.minus(a));
        // And time runs again: a short simulated sleep returns (a clock still paused would block it forever).
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> clock.sleep(Duration.ofMillis(20)));
        assertTrue(clock.now().minus(resumedAt).compareTo(Duration.ofMillis(20)) >= 0, clock.now().minus(resumedAt).toString());
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
