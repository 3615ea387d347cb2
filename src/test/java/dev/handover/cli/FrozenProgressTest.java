package dev.handover.cli;

import dev.handover.cluster.Positions;
import dev.handover.core.HandoverEvent;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the CLI is not silent while writes are frozen. On a terminal one line a second, redrawn in place with
 * {@code \r}; elsewhere a plain line every few seconds. The wall clock is stepped by hand.
 */
class FrozenProgressTest {
    private static final long FRONTIER = 10_000;
    private final AtomicLong wall = new AtomicLong();
    private final StringWriter screen = new StringWriter();

    private FrozenProgress progress(boolean terminal) {
        return new FrozenProgress(new PrintWriter(screen, true), terminal, "n2", Duration.ofSeconds(10), Positions.PLAIN,
                wall::get);
    }

    private static HandoverEvent.Polled polled(long atMs, long reached) {
        return new HandoverEvent.Polled(Duration.ofMillis(atMs), reached, FRONTIER);
    }

    private void at(double seconds) {
        wall.set((long) (seconds * 1e9));
    }

    @Test
    void onATerminalOneLineASecondIsRedrawnInPlaceAndEndedWhenTheWaitEnds() {
        FrozenProgress p = progress(true);
        p.on(new HandoverEvent.Frozen(Duration.ofMillis(50), FRONTIER));
        at(0.1);
        p.on(polled(150, 4_000));
        at(0.6);
        p.on(polled(650, 5_000)); // half a second after the first line: not drawn
        at(1.2);
        p.on(polled(1_150, 6_000));
        String drawn = screen.toString();
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count(), drawn);
        assertFalse(drawn.contains("\n"), "redrawn in place, no new line while waiting: " + drawn);
        assertTrue(drawn.startsWith("\r  frozen 100ms: n2 6,000 LSN behind, apply rate not yet known, no ETA, deadline left 9.9s"),
                drawn);
        // 1,000 LSN in each 500 ms reading: 2,000 LSN/s, 4,000 to go.
        assertTrue(drawn.contains("\r  frozen 1.1s: n2 4,000 LSN behind, applying 2,000 LSN/s, ETA about 2s, deadline left 8.9s"),
                drawn);
        p.on(new HandoverEvent.Resumed(Duration.ofMillis(1_200)));
        assertTrue(screen.toString().endsWith("\n"), "the line is ended when the wait ends: " + screen);
    }

    @Test
    void offATerminalAPlainLineEveryFewSecondsAndNoneForAShortFreeze() {
        FrozenProgress p = progress(false);
        p.on(new HandoverEvent.Frozen(Duration.ZERO, FRONTIER));
        at(1);
        p.on(polled(1_000, 1_000));
        at(4.9);
        p.on(polled(4_900, 1_000));
        assertEquals("", screen.toString(), "a freeze shorter than " + FrozenProgress.PLAIN_EVERY + " prints nothing");
        at(5.1);
        p.on(polled(5_100, 2_000));
        at(7);
        p.on(polled(7_000, 3_000));
        at(10.2);
        p.on(polled(10_200, 4_000));
        String printed = screen.toString();
        assertFalse(printed.contains("\r"), printed);
        assertEquals(2, printed.lines().count(), printed);
        assertTrue(printed.startsWith("  frozen 5.1s: n2 8,000 LSN behind, applying 5,000 LSN/s, ETA about 1.6s, deadline left 4.9s\n"),
                printed);
        assertTrue(printed.endsWith("  frozen 10.2s: n2 6,000 LSN behind, applying 313 LSN/s, ETA about 19.2s, deadline left 0ms\n"),
                printed);
    }
}
