package dev.handover.ui.history;

import dev.handover.app.Installed;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history without a stage: listing, damaged lines, replay, exports, all through the executor. */
class HistoryViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void listsRunsNewestFirstAndReportsADamagedLine(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        RunReport first = JournalFixtures.played(journal, "healthy", "n2");
        RunReport second = JournalFixtures.played(journal, "lagging-replica", "n2");
        JournalFixtures.appendTornLine(journal);
        HistoryViewModel vm = new HistoryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct(), Installed.backends());

        vm.reload();
        assertTrue(vm.runs().isEmpty(), "nothing is read on the calling thread");
        executor.runPending();

        assertEquals(2, vm.runs().size());
        HistoryRow newest = vm.runs().get(0);
        assertEquals(second.run().cluster(), newest.cluster());
        assertEquals("sim:lagging-replica", newest.cluster());
        assertEquals("n2", newest.target());
        assertEquals("coordinated", newest.mode());
        assertEquals(second.outcome().result(), newest.result());
        assertEquals(first.run().cluster(), vm.runs().get(1).cluster());
        assertEquals(1, vm.damaged().size());
        assertTrue(vm.damaged().get(0).contains(journal.file().toString()), vm.damaged().get(0));
        assertTrue(vm.summaryProperty().get().startsWith("2 runs in " + journal.file()), vm.summaryProperty().get());
        assertTrue(vm.summaryProperty().get().endsWith("1 damaged line skipped"), vm.summaryProperty().get());
    }

    @Test
    void openingARunReplaysItsChartAndTimelineAndExportsIt(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        RunReport played = JournalFixtures.played(journal, "lagging-replica", "n2");
        HistoryViewModel vm = new HistoryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct(), Installed.backends());
        vm.reload();
        executor.runPending();

        vm.open(vm.runs().get(0));

        long polls = played.events().stream().filter(e -> e.type().equals("polled")).count();
        assertTrue(vm.replay().size() >= polls, "one chart point a poll at least: " + vm.replay().size());
        assertEquals(played.outcome().frontierLsn(), vm.replay().frontier().orElseThrow());
        assertTrue(vm.debrief().presentProperty().get());
        assertTrue(vm.debrief().timeline().get(0).contains("writes frozen on n1"), vm.debrief().timeline().toString());

        Path json = dir.resolve("run.json");
        vm.exportJson(json);
        executor.runPending();
        assertEquals("Exported run " + vm.runs().get(0).id() + " to " + json, vm.messageProperty().get());
        assertEquals(played, RunReport.read(json));

        Path png = dir.resolve("chart.png");
        vm.exportPng(new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB), png);
        executor.runPending();
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(png), 4));

        vm.open(null);
        assertNull(vm.openedProperty().get());
        assertEquals(0, vm.replay().size());
    }

    @Test
    void withoutAJournalItSaysHowToGetOne() {
        HistoryViewModel vm = new HistoryViewModel(new JournalSetting(Optional.empty()), executor, FxRelay.direct(), Installed.backends());
        vm.reload();
        assertEquals("No journal: runs are not recorded. Choose one with Journal… in the tool bar.", vm.summaryProperty().get());
    }
}
