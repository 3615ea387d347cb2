package dev.handover.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WriteLedgerTest {

    @Test
    void countsWritesByTheirEndLsn() {
        WriteLedger ledger = new WriteLedger(1000);
        for (int i = 0; i < 10; i++) {
            ledger.append(100); // ends at 1100, 1200, ... 2000
        }
        assertEquals(2000, ledger.lastLsn());
        assertEquals(10, ledger.countIn(1000, 2000));
        assertEquals(3, ledger.countIn(1700, 2000));
        assertEquals(4, ledger.countIn(1650, 2000), "a write cut in half beyond reached is lost whole");
        assertEquals(0, ledger.countIn(2000, 2000));
        assertEquals(0, ledger.countIn(2000, 1500));
    }

    @Test
    void truncatesAForcedTimelineAndPrunesWhatIsSafe() {
        WriteLedger ledger = new WriteLedger(0);
        for (int i = 0; i < 5000; i++) {
            ledger.append(10);
        }
        assertEquals(4000, ledger.truncateAbove(10_000));
        assertEquals(10_000, ledger.lastLsn());
        ledger.pruneUpTo(5_000);
        assertEquals(500, ledger.retained());
        assertEquals(500, ledger.countIn(5_000, 10_000));
        ledger.append(7);
        assertEquals(10_007, ledger.lastLsn());
        assertEquals(1, ledger.countIn(10_000, 10_007));
    }
}
