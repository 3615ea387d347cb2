package dev.handover.ui.history;

import dev.handover.journal.JournalNames;
import dev.handover.journal.Result;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history's result column says when a committed run left the topology degraded. */
class HistoryRowTest {
    private static HistoryRow row(String result, String topology) {
        return new HistoryRow("20261129-004758-545015", "2026-11-29 00:47:58", "pg:cluster.json", "pg2", "coordinated",
                JournalNames.parse(Result.class, result).orElseThrow(), topology, 0, false);
    }

    @Test
    void aDegradedCommitIsMarkedAndASimulationReadsAsBefore() {
        assertTrue(row("committed", "degraded").degraded());
        assertEquals("committed, TOPOLOGY DEGRADED", row("committed", "degraded").resultText());
        assertEquals("forced, DATA LOST, TOPOLOGY DEGRADED", row("forced", "degraded").resultText());
        assertEquals("committed, topology healthy", row("committed", "healthy").resultText());
        assertEquals("committed", row("committed", "").resultText(), "a simulation has no verified topology");
        assertFalse(row("unknown", "degraded").degraded(), "an unknown outcome is flagged as unknown, not degraded");
    }

    /** Issue 11, point 5: a forced run lost acknowledged writes; its row reads as data loss (red), not a warning. */
    @Test
    void aForcedRunReadsAsDataLoss() {
        assertTrue(row("forced", "").dataLoss());
        assertEquals("forced, DATA LOST", row("forced", "").resultText());
        assertEquals("forced, DATA LOST, topology healthy", row("forced", "healthy").resultText());
        assertFalse(row("committed", "").dataLoss());
        assertFalse(row("aborted", "").dataLoss());
    }
}
