package dev.handover.cluster;

import dev.handover.app.Installed;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the registry says of a cluster named in a run's record. Only a kind it knows to end with its process (a
 * simulation) is waved off as gone; a kind it does not know may be a real cluster still frozen (seen: the console's
 * recovery prompt stayed folded over such a run), though it cannot be reopened from here.
 */
class RecordedKindTest {
    private final Backends backends = Installed.backends();

    @Test
    void onlyAKnownSimulationEndedWithItsProcess() {
        assertTrue(backends.endedWithItsProcess("sim:healthy"));
        assertFalse(backends.endedWithItsProcess("pg:/etc/handover/prod.json"));
        assertFalse(backends.endedWithItsProcess("mariadb:/etc/handover/m.json"));
        assertFalse(backends.endedWithItsProcess("fake"), "an unknown kind is not taken for a simulation");
        assertFalse(backends.endedWithItsProcess("lab:healthy"), "nor an unregistered scheme");
    }

    @Test
    void onlyAKnownRealKindCanBeReopened() {
        assertTrue(backends.reopenable("pg:/etc/handover/prod.json"));
        assertFalse(backends.reopenable("sim:healthy"));
        assertFalse(backends.reopenable("fake"));
    }
}
