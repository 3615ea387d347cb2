package dev.handover.sim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One run's share of a cluster's accounting: what it lost, the terms it served or minted, what it broke. */
class InvariantReportTest {

    @Test
    void sinceKeepsOnlyWhatHappenedAfterTheEarlierReport() {
        InvariantReport before = new InvariantReport(11_055, Map.of(7L, 1, 8L, 1), false, List.of("term 6 had 2 primaries"));
        InvariantReport after = new InvariantReport(11_060, Map.of(7L, 1, 8L, 1, 9L, 2), true,
                List.of("term 6 had 2 primaries", "term 9 had 2 primaries: n1, n3"));

        InvariantReport run = after.since(before);

        assertEquals(5, run.lostWrites());
        assertEquals(Map.of(8L, 1, 9L, 2), run.primariesPerTerm(), "the term current at the start, and those above");
        assertEquals(List.of("term 9 had 2 primaries: n1, n3"), run.violations());
        assertEquals(true, run.leftFrozen(), "a state, read at the end");
    }

    @Test
    void aRunThatChangedNothingHasNothingToItsName() {
        InvariantReport before = new InvariantReport(300, Map.of(7L, 1, 8L, 1), false, List.of("x"));
        InvariantReport run = before.since(before);
        assertEquals(new InvariantReport(0, Map.of(8L, 1), false, List.of()), run);
    }
}
