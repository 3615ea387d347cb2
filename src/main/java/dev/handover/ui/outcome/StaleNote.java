package dev.handover.ui.outcome;

import dev.handover.cluster.ClusterSnapshot;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The note over an outcome whose primary is no longer the cluster's: it follows every status after the run
 * (names the primary the cluster shows now, seen when it first showed it) and goes when the outcome's primary
 * is primary again. Before: the first other primary seen stayed named, whatever happened next.
 */
final class StaleNote {
    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    /** The node the shown outcome made primary; empty when it made none (aborted, not started, unknown). */
    private Optional<String> handedTo = Optional.empty();
    /** Whether a status since the run showed {@link #handedTo} as primary. */
    private boolean seenInPlace;
    /** The other primary the note names now; empty while no note shows. */
    private Optional<String> named = Optional.empty();

    /** A new outcome (or none): it made {@code handedTo} primary. */
    void reset(Optional<String> handedTo) {
        this.handedTo = handedTo;
        seenInPlace = false;
        named = Optional.empty();
        text.set("");
    }

    void observe(ClusterSnapshot s) {
        if (handedTo.isEmpty() || s.primary().isEmpty()) {
            return;
        }
        String now = s.primary().get().id();
        if (now.equals(handedTo.get())) {
            seenInPlace = true;
            named = Optional.empty();
            text.set("");
            return;
        }
        // A status read before the commit may land after it: only a move away from a primary seen in place counts.
        if (!seenInPlace || named.filter(now::equals).isPresent()) {
            return;
        }
        named = Optional.of(now);
        text.set("STALE: the cluster now shows " + now + " as primary (seen " + LocalTime.now().format(SEEN)
                + "), not " + handedTo.get() + ". This outcome is what the run did then; the cluster table shows it now.");
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
