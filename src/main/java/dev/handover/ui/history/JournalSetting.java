package dev.handover.ui.history;

import dev.handover.journal.Journal;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The journal the console records in, changeable from the window. Read from any thread (a run reads
 * it as it starts); changed and observed on the FX thread.
 */
public final class JournalSetting {
    private final AtomicReference<Optional<Journal>> journal;
    private final ReadOnlyObjectWrapper<Optional<Journal>> observed;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper();

    public JournalSetting(Optional<Journal> initial) {
        journal = new AtomicReference<>(initial);
        observed = new ReadOnlyObjectWrapper<>(initial);
        text.set(describe(initial));
    }

    /** The journal now; empty when runs are recorded nowhere (some tests). */
    public Optional<Journal> get() {
        return journal.get();
    }

    /** Record from now on in the journal in {@code directory}; call on the FX thread. */
    public void changeTo(Path directory) {
        Optional<Journal> next = Optional.of(Journal.at(directory));
        journal.set(next);
        observed.set(next);
        text.set(describe(next));
    }

    public ReadOnlyObjectProperty<Optional<Journal>> journalProperty() {
        return observed.getReadOnlyProperty();
    }

    /** The directory, for the tool bar. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    private static String describe(Optional<Journal> j) {
        return j.map(x -> x.directory().toString()).orElse("none (runs are not recorded)");
    }
}
