package dev.handover.ui.recovery;

import dev.handover.cluster.ClusterException;
import dev.handover.journal.Journal;
import dev.handover.journal.Who;
import dev.handover.postgres.PgCluster;
import dev.handover.ui.cluster.PostgresClusters;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.history.JournalSetting;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recovery prompt: runs the journal says were left unfinished (the console died while writes
 * were frozen, a commit's outcome was unknown), each with what to do — resume writes on that primary,
 * or verify roles — until the operator acknowledges it, which the journal records. The journal is read
 * and appended to on the background executor.
 *
 * <p>A PostgreSQL freeze cannot lapse by itself (no lease timer on the server), so for a run on a
 * {@code pg:} cluster the prompt offers to release it: the cluster is reopened and
 * {@link PgCluster#releaseStaleFreeze()} lifts the freeze unless the node may be a fenced old primary.
 * Only a release acknowledges the run by itself; a freeze left in place waits for the operator.
 */
public final class RecoveryViewModel {
    /** The note the journal keeps with a console acknowledgement. */
    static final String NOTE = "acknowledged in the console's recovery prompt";
    /** The note with an acknowledgement the prompt makes itself, after lifting the freeze. */
    static final String RELEASED_NOTE = "stale freeze released in the console's recovery prompt on ";

    private final JournalSetting journal;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final ObservableList<RecoveryItem> pending = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableMap<String, Release> releases = FXCollections.observableHashMap();

    /** What "Release the stale freeze" did for one run: still going, released, or left frozen and why. */
    public record Release(State state, String text) {
        public enum State { RELEASING, RELEASED, LEFT, FAILED }
    }

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
                List<RecoveryItem> found = j.get().pendingRecoveries(PostgresClusters::positionsOf).stream().map(RecoveryItem::of).toList();
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
                List<RecoveryItem> found = j.get().pendingRecoveries(PostgresClusters::positionsOf).stream().map(RecoveryItem::of).toList();
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

    /**
     * Reopen the PostgreSQL cluster {@code item} ran on and lift a freeze a dead console left behind
     * (off the FX thread). Released: the run is acknowledged in the journal. Left frozen or failed: the
     * card says why and waits for the operator.
     */
    public void releaseFreeze(RecoveryItem item) {
        Optional<Path> definition = item.postgresDefinition();
        if (definition.isEmpty() || releases.containsKey(item.runId())
                && releases.get(item.runId()).state() == Release.State.RELEASING) {
            return;
        }
        Optional<Journal> j = journal.get();
        releases.put(item.runId(), new Release(Release.State.RELEASING, "Releasing the freeze on " + item.cluster() + "…"));
        executor.execute(() -> {
            Release result;
            try (PgCluster pg = PostgresClusters.open(definition.get())) {
                PgCluster.FreezeRelease r = pg.releaseStaleFreeze();
                List<String> unreachable = r.released().isEmpty() && r.kept().isEmpty()
                        ? pg.pgStatus().stream().filter(n -> !n.reachable())
                                .map(n -> n.node().id() + " (" + n.error().orElse("no answer") + ")").toList()
                        : List.of();
                result = describe(r, unreachable);
            } catch (ClusterException | RuntimeException e) {
                result = new Release(Release.State.FAILED, "Could not release the freeze: " + e.getMessage()
                        + ". Nothing was changed by the console; resume by hand or try again.");
            }
            Release shown = result;
            if (shown.state() != Release.State.RELEASED || j.isEmpty()) {
                relay.run(() -> releases.put(item.runId(), shown));
                return;
            }
            try {
                j.get().acknowledge(item.runId(), Who.operator(), RELEASED_NOTE + shown.text());
                List<RecoveryItem> found = j.get().pendingRecoveries(PostgresClusters::positionsOf).stream().map(RecoveryItem::of).toList();
                relay.run(() -> {
                    releases.put(item.runId(), shown);
                    pending.setAll(found);
                    message.set("Run " + item.runId() + ": " + shown.text() + "; acknowledged in " + j.get().file());
                });
            } catch (IOException | RuntimeException e) {
                String why = shown.text() + ", but the journal could not record it: " + e.getMessage()
                        + "; acknowledge by hand";
                relay.run(() -> releases.put(item.runId(), new Release(Release.State.LEFT, why)));
            }
        });
    }

    private static Release describe(PgCluster.FreezeRelease r, List<String> unreachable) {
        if (!r.kept().isEmpty()) {
            String released = r.released().isEmpty() ? "" : "Released " + String.join(", ", r.released()) + "; ";
            return new Release(Release.State.LEFT, released + "LEFT FROZEN: " + String.join("; ", r.kept()));
        }
        if (!r.released().isEmpty()) {
            return new Release(Release.State.RELEASED, "writes resumed on " + String.join(", ", r.released()));
        }
        if (!unreachable.isEmpty()) {
            return new Release(Release.State.LEFT, "No reachable primary is frozen, but " + String.join(", ", unreachable)
                    + " cannot be reached: check those nodes by hand, then acknowledge.");
        }
        return new Release(Release.State.LEFT, "No primary is frozen now: nothing to release. Check the cluster table,"
                + " then acknowledge by hand.");
    }

    /** What a release did, by run id; the prompt shows it on the run's card. */
    public ObservableMap<String, Release> releases() {
        return releases;
    }

    /** Runs needing action, oldest first. */
    public ObservableList<RecoveryItem> pending() {
        return pending;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
