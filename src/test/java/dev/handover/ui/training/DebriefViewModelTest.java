package dev.handover.ui.training;

import dev.handover.app.Installed;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import dev.handover.ui.JournalFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debrief laid out: the same facts as {@link Debrief}, in the window's words. */
class DebriefViewModelTest {

    @Test
    void aCleanCoordinatedDrillShowsItsScoreFactsAndTimeline(@TempDir Path dir) throws Exception {
        RunReport record = JournalFixtures.played(Journal.at(dir), "healthy", "n2");
        Debrief expected = Debrief.of(record);
        DebriefViewModel vm = new DebriefViewModel(Installed.backends()::positionsOf);

        vm.show(record);

        assertTrue(vm.presentProperty().get());
        assertEquals(expected.score(), vm.scoreProperty().get());
        assertEquals("Score " + expected.score() + "/100 · committed · n1 → n2 (coordinated)", vm.headlineProperty().get());
        assertEquals(expected.score() >= 85 ? "good" : "warn", vm.gradeProperty().get());
        assertEquals("0 acknowledged writes", vm.lostProperty().get());
        assertEquals(expected.target().verdict(), vm.targetProperty().get());
        assertEquals(expected.mode().verdict(), vm.modeProperty().get());
        assertEquals("not opened", vm.promptProperty().get());
        assertEquals(expected.timeline().size(), vm.timeline().size());
        assertTrue(vm.timeline().get(0).contains("writes frozen on n1"), vm.timeline().get(0));
        assertFalse(vm.reasons().isEmpty());

        // A fault the record holds is woven in at its time.
        long frozenAt = expected.timeline().get(0).at().toMillis();
        vm.show(record.withFaults(List.of(new RunReport.FaultInfo(frozenAt, "fault: stall n2"))));
        assertEquals(expected.timeline().size() + 1, vm.timeline().size());
        assertTrue(vm.timeline().get(1).endsWith("fault: stall n2"), "woven in after the freeze: " + vm.timeline());

        vm.clear();
        assertFalse(vm.presentProperty().get());
        assertTrue(vm.timeline().isEmpty());
    }

    @Test
    void aRunOnARealClusterIsAVerifiedRecordNotAScore(@TempDir Path dir) throws Exception {
        RunReport drill = JournalFixtures.played(Journal.at(dir), "healthy", "n2");
        // As a PostgreSQL run is recorded: no simulation invariants.
        RunReport real = new RunReport(drill.run(), drill.request(), drill.events(), drill.outcome(), drill.verification(),
                null, drill.candidates(), drill.faults());
        DebriefViewModel vm = new DebriefViewModel(Installed.backends()::positionsOf);

        vm.show(real);

        assertEquals("Real cluster, not scored · committed · n1 → n2 (coordinated)", vm.headlineProperty().get());
        assertEquals(0, vm.scoreProperty().get());
        assertEquals("none", vm.gradeProperty().get());
        assertEquals(List.of("A run on a real cluster is a verified record, not a drill: its checks and steps are in its "
                + "outcome and report, and it is not scored."), List.copyOf(vm.reasons()));
        assertFalse(vm.timeline().isEmpty(), "its timeline is still shown");
    }
}
