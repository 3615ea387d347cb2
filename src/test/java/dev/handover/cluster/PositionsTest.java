package dev.handover.cluster;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator's positions: plain counters, digits grouped, whatever the machine's locale. */
class PositionsTest {

    @Test
    void positionsAreGroupedCountersAndDistancesCountLsn() {
        assertEquals("0", Positions.PLAIN.position(0));
        assertEquals("999", Positions.PLAIN.position(999));
        assertEquals("1,234,567", Positions.PLAIN.position(1_234_567));
        assertEquals("12,345 LSN", Positions.PLAIN.amount(12_345));
        assertEquals("0 LSN", Positions.PLAIN.amount(0));
        assertEquals("12,345 LSN", Positions.PLAIN.shortAmount(12_345), "short enough as it is");
        assertEquals(Positions.ChartAxis.POSITIONS, Positions.PLAIN.chartAxis());
    }

    @Test
    void theGroupingDoesNotFollowTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1,234,567", Positions.PLAIN.position(1_234_567));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aSnapshotWithoutPositionsIsPlain() {
        assertEquals(Positions.PLAIN, new ClusterSnapshot(java.util.List.of()).positions());
    }
}
