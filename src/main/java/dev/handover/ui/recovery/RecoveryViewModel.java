package dev.handover.ui.recovery;

import dev.handover.journal.Journal;
import dev.handover.journal.Who;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.history.JournalSetting;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The recovery prompt: runs the journal says were left unfinished (the console died while writes
 * were frozen, a commit's outcome was unknown), each with what to do — resume writes on that primary,
 * or verify roles — until the operator acknowledges it, which the journal records. The journal is read
 * and appended to on the background executor.
 */
public final class RecoveryViewModel {
    /** The note the journal keeps with a console acknowledgement. */
    static final String NOTE = "acknowledged in the console's recovery prompt";

    private final JournalSetting journal;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final ObservableList<RecoveryItem> pending = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public RecoveryViewModel(JournalSetting journal, BackgroundExecutor executor, FxRelay relay) {
        this.journal = journal;
        this.executor = executor;
        this.relay = relay;
    }

    /** Look for runs needing action in the journal (off the FX thread). */
    public void load() {
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            pending.clear();
            return;
        }
        executor.execute(() -> {
            try {
                List<RecoveryItem> found = j.get().pendingRecoveries().stream().map(RecoveryItem::of).toList();
                relay.run(() -> {
                    pending.setAll(found);
                    message.set("");
                });
            } catch (IOException | RuntimeException e) {
                String why = "Could not read the journal " + j.get().file() + " for unfinished runs: " + e.getMessage();
                relay.run(() -> message.set(why));
            }
        });
    }

    /** The operator has dealt with {@code item}: append the acknowledgement, then look again. */
    public void acknowledge(RecoveryItem item) {
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            try {
                j.get().acknowledge(item.runId(), Who.operator(), NOTE);
                List<RecoveryItem> found = j.get().pendingRecoveries().stream().map(RecoveryItem::of).toList();
                relay.run(() -> {
                    pending.setAll(found);
                    message.set("Run " + item.runId() + " acknowledged in " + j.get().file());
                });
            } catch (IOException | RuntimeException e) {
                String why = "Could not acknowledge run " + item.runId() + ": " + e.getMessage();
                relay.run(() -> message.set(why));
            }
        });
    }

    /** Runs needing action, oldest first. */
    public ObservableList<RecoveryItem> pending() {
        return pending;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
