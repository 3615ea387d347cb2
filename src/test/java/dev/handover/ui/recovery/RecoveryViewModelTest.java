package dev.handover.ui.recovery;

import dev.handover.journal.Journal;
import dev.handover.journal.RecoveryAction;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.history.JournalSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
