package dev.handover.ui.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history's result column says when a committed run left the topology degraded. */
class HistoryRowTest {
    private static HistoryRow row(String result, String topology) {
        return new HistoryRow("20261129-004758-545015", "2026-11-29 00:47:58", "pg:cluster.json", "pg2", "coordinated",
                result, topology, 0, false);
    }

    @Test
    void aDegradedCommitIsMarkedAndASimulationReadsAsBefore() {
        assertTrue(row("committed", "degraded").degraded());
        assertEquals("committed, TOPOLOGY DEGRADED", row("committed", "degraded").resultText());
        assertEquals("forced, TOPOLOGY DEGRADED", row("forced", "degraded").resultText());
        assertEquals("committed, topology healthy", row("committed", "healthy").resultText());
        assertEquals("committed", row("committed", "").resultText(), "a simulation has no verified topology");
        assertFalse(row("unknown", "degraded").degraded(), "an unknown outcome is flagged as unknown, not degraded");
    }
}
