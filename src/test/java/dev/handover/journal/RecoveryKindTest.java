package dev.handover.journal;

import dev.handover.core.HandoverEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a dead run was on a simulation is read from its record (a simulation's seed, which a real cluster has
 * none of), not from the cluster name's {@code sim:} prefix: the advice for one names the simulation, the other not.
 */
class RecoveryKindTest {
    private static final String NOTE = "This run was on the simulated cluster";

    @TempDir
    Path dir;

    private Recovery diedFrozen(String cluster, Long seed) throws IOException {
        Journal journal = Journal.at(dir.resolve(cluster.replace(':', '-') + "-" + seed));
        RunReport.RequestInfo request = new RunReport.RequestInfo("n1", "10.0.1.1:5432", "eu-west", "n2", "10.0.1.2:5432",
                "eu-west", 7, 8, "coordinated", 30_000, 10, 100, "prompt", seed);
        JournalRun run = journal.start(Who.now(cluster, Instant.parse("2026-11-26T06:00:00Z")), request, List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), 1_000));
        List<Recovery> pending = journal.pendingRecoveries();
        assertEquals(1, pending.size());
        assertEquals(RecoveryAction.RESUME_WRITES, pending.get(0).action());
        return pending.get(0);
    }

    @Test
    void aSimulatedRunIsKnownByItsRecordedSeed() throws IOException {
        assertTrue(diedFrozen("sim:healthy", 1L).advice().contains(NOTE));
        assertTrue(diedFrozen("lab:healthy", 1L).advice().contains(NOTE), "another simulator's scheme, same record");
    }

    @Test
    void aRealRunIsNotCalledSimulatedForItsName() throws IOException {
        assertFalse(diedFrozen("pg:prod.json", null).advice().contains(NOTE));
        assertFalse(diedFrozen("sim:prod.json", null).advice().contains(NOTE), "a real cluster whatever its name");
    }
}
