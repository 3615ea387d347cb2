package dev.handover.ui.recovery;

import dev.handover.core.HandoverEvent;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.journal.RecoveryAction;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.history.JournalSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recovery prompt without a stage: advice from the journal, acknowledgement appended. */
class RecoveryViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void aRunThatDiedWhileFrozenAsksToResumeWritesUntilAcknowledged(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = JournalFixtures.crashedWhileFrozen(journal);
        RecoveryViewModel vm = new RecoveryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct());

        vm.load();
        assertTrue(vm.pending().isEmpty(), "the journal is read on the executor");
        executor.runPending();

        assertEquals(1, vm.pending().size());
        RecoveryItem item = vm.pending().get(0);
        assertEquals(id, item.runId());
        assertEquals(RecoveryAction.RESUME_WRITES, item.action());
        assertTrue(item.headline().contains("RESUME WRITES on n1 (10.0.1.1:5432)"), item.headline());
        assertTrue(item.advice().contains("n1"), item.advice());

        vm.acknowledge(item);
        executor.runPending();

        assertTrue(vm.pending().isEmpty());
        assertEquals("Run " + id + " acknowledged in " + journal.file(), vm.messageProperty().get());
        assertTrue(journal.pendingRecoveries().isEmpty());
        assertTrue(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void aPostgresRunWhoseNodesCannotBeReachedIsLeftAloneUntilAcknowledgedByHand(@TempDir Path dir) throws Exception {
        int port1;
        int port2;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port1 = a.getLocalPort();
            port2 = b.getLocalPort();
        }
        Path definition = dir.resolve("cluster.json");
        Files.writeString(definition, "{\"nodes\": [{\"id\": \"pg1\", \"region\": \"a\", \"jdbcUrl\": "
                + "\"jdbc:postgresql://127.0.0.1:" + port1 + "/postgres\", \"user\": \"postgres\"}, {\"id\": \"pg2\","
                + " \"region\": \"a\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:" + port2 + "/postgres\", \"user\": \"postgres\"}]}");
        Journal journal = Journal.at(dir.resolve("journal"));
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "127.0.0.1:" + port1, "a", "pg2",
                "127.0.0.1:" + port2, "a", 1, 2, "coordinated", 30_000, 10, 0, "prompt", null);
        JournalRun run = journal.start(Who.now("pg:" + definition, Instant.now()), request, List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), 1_000));
        RecoveryViewModel vm = new RecoveryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct());
        vm.load();
        executor.runPending();
        RecoveryItem item = vm.pending().get(0);
        assertEquals(Optional.of(definition), item.postgresDefinition());

        vm.releaseFreeze(item);
        assertEquals(RecoveryViewModel.Release.State.RELEASING, vm.releases().get(run.id()).state());
        executor.runPending();

        RecoveryViewModel.Release r = vm.releases().get(run.id());
        assertEquals(RecoveryViewModel.Release.State.LEFT, r.state());
        assertTrue(r.text().startsWith("No reachable primary is frozen, but pg1 ("), r.text());
        assertTrue(r.text().contains("pg2 ("), r.text());
        assertEquals(1, vm.pending().size(), "a freeze not released is not acknowledged by itself");
        assertFalse(journal.find(run.id()).acknowledged().isPresent());

        vm.acknowledge(item);
        executor.runPending();
        assertTrue(vm.pending().isEmpty());
        assertTrue(journal.find(run.id()).acknowledged().isPresent());
    }

    @Test
    void aSimulatedRunOffersNoRelease(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        JournalFixtures.crashedWhileFrozen(journal);
        RecoveryViewModel vm = new RecoveryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct());
        vm.load();
        executor.runPending();
        assertEquals(Optional.empty(), vm.pending().get(0).postgresDefinition());
    }
}
