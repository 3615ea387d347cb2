package dev.handover.ui.history;

import dev.handover.cluster.Backends;
import dev.handover.journal.DamagedLine;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.JournaledRun;
import dev.handover.ui.chart.CatchUpSeries;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.training.DebriefViewModel;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal's past runs, newest first, with the lines it could not read; opening one replays its
 * chart and its timeline and debrief. Reading and exporting are blocking file I/O, so they run on the
 * background executor and their results come back through the relay.
 */
public final class HistoryViewModel {
    private final JournalSetting journal;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final ObservableList<HistoryRow> runs = FXCollections.observableArrayList();
    private final ObservableList<String> damaged = FXCollections.observableArrayList();
    private final Map<String, JournaledRun> byId = new HashMap<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Not loaded yet");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<HistoryRow> opened = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final CatchUpSeries replay = new CatchUpSeries();
    private final DebriefViewModel debrief;
    private final Backends backends;

    /** @param backends the registry: how each recorded run's cluster writes positions, from the name its record keeps */
    public HistoryViewModel(JournalSetting journal, BackgroundExecutor executor, FxRelay relay, Backends backends) {
        this.backends = backends;
        this.debrief = new DebriefViewModel(backends::positionsOf);
        this.journal = journal;
        this.executor = executor;
        this.relay = relay;
    }

    /** Read the journal again (off the FX thread). */
    public void reload() {
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            runs.clear();
            damaged.clear();
            summary.set("No journal: runs are not recorded. Choose one with Journal… in the tool bar.");
            return;
        }
        loading.set(true);
        executor.execute(() -> {
            try {
                JournalContents contents = j.get().load();
                relay.run(() -> show(contents));
            } catch (IOException | RuntimeException e) {
                String why = "Could not read the journal " + j.get().file() + ": " + e.getMessage();
                relay.run(() -> {
                    loading.set(false);
                    summary.set(why);
                });
            }
        });
    }

    private void show(JournalContents contents) {
        loading.set(false);
        byId.clear();
        List<HistoryRow> rows = new ArrayList<>();
        for (JournaledRun r : contents.runs()) {
            byId.put(r.id(), r);
            rows.add(0, HistoryRow.of(r));
        }
        runs.setAll(rows);
        damaged.setAll(contents.damaged().stream().map(DamagedLine::message).toList());
        summary.set(rows.size() + (rows.size() == 1 ? " run" : " runs") + " in " + contents.file()
                + (contents.damaged().isEmpty() ? "" : " · " + contents.damaged().size() + " damaged line"
                + (contents.damaged().size() == 1 ? "" : "s") + " skipped"));
        HistoryRow was = opened.get();
        if (was != null && byId.containsKey(was.id())) {
            open(rows.stream().filter(r -> r.id().equals(was.id())).findFirst().orElse(was));
        }
    }

    /** Replay {@code row}: its chart, its timeline and debrief. */
    public void open(HistoryRow row) {
        JournaledRun run = row == null ? null : byId.get(row.id());
        if (run == null) {
            opened.set(null);
            replay.clear();
            debrief.clear();
            return;
        }
        opened.set(row);
        Replay.fill(replay, run.report(), backends.positionsOf(run.cluster()));
        debrief.show(run.report());
        message.set("");
    }

    /** Write the opened run's record as JSON to {@code file}. */
    public void exportJson(Path file) {
        HistoryRow row = opened.get();
        Optional<Journal> j = journal.get();
        if (row == null || j.isEmpty()) {
            message.set("Open a run first.");
            return;
        }
        executor.execute(() -> {
            String done;
            try {
                j.get().export(row.id(), file);
                done = "Exported run " + row.id() + " to " + file;
            } catch (IOException | RuntimeException e) {
                done = "Could not export run " + row.id() + " to " + file + ": " + e.getMessage();
            }
            String text = done;
            relay.run(() -> message.set(text));
        });
    }

    /** Write {@code chart} (a snapshot taken on the FX thread) as PNG to {@code file}. */
    public void exportPng(BufferedImage chart, Path file) {
        HistoryRow row = opened.get();
        String what = row == null ? "the chart" : "the chart of run " + row.id();
        executor.execute(() -> {
            String done;
            try {
                if (!ImageIO.write(chart, "png", file.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                done = "Saved " + what + " to " + file;
            } catch (IOException | RuntimeException e) {
                done = "Could not save " + what + " to " + file + ": " + e.getMessage();
            }
            String text = done;
            relay.run(() -> message.set(text));
        });
    }

    /** A file name to offer for an export. */
    public String suggestedName(String extension) {
        HistoryRow row = opened.get();
        return "handover-" + (row == null ? "run" : row.id()) + "." + extension;
    }

    public ObservableList<HistoryRow> runs() {
        return runs;
    }

    /** The journal's damaged lines, each naming file, line and what was wrong. */
    public ObservableList<String> damaged() {
        return damaged;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The last export's result, or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HistoryRow> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public CatchUpSeries replay() {
        return replay;
    }

    /** {@code row}'s skipped count as its cluster writes distances. */
    public String skippedText(HistoryRow row) {
        return row.skippedText(backends.positionsOf(row.cluster()));
    }

    public DebriefViewModel debrief() {
        return debrief;
    }
}
