package dev.handover.ui.cluster;

import dev.handover.cluster.ClientRouter;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterVerdict;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live cluster table: asks the connection for status on the background executor every
 * refresh period and relays each snapshot onto the FX thread. A failed status call keeps the
 * last good rows and says why in {@link #errorProperty()}.
 */
public final class ClusterViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ClusterConnection connection;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final ObservableList<NodeRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ClusterSnapshot> snapshot = new ReadOnlyObjectWrapper<>(new ClusterSnapshot(List.of()));
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper lastRefresh = new ReadOnlyStringWrapper("not refreshed yet");
    private final ReadOnlyStringWrapper routers = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper clientsHeld = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper splitBrain = new ReadOnlyStringWrapper("");
    private BackgroundExecutor.Cancellable refreshing;

    public ClusterViewModel(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay) {
        this.connection = connection;
        this.executor = executor;
        this.relay = relay;
    }

    public String clusterName() {
        return connection.name();
    }

    /** Refresh every {@code period} from now on. */
    public void start(Duration period) {
        stop();
        refreshing = executor.every(period, this::refreshFromHere);
    }

    public void stop() {
        if (refreshing != null) {
            refreshing.cancel();
            refreshing = null;
        }
    }

    /** One extra refresh soon, e.g. right after a run changed roles. */
    public void refreshSoon() {
        executor.execute(this::refreshFromHere);
    }

    /** Reads status on the calling (background) thread and relays the result. */
    private void refreshFromHere() {
        try {
            ClusterSnapshot s = connection.status();
            relay.run(() -> apply(s));
        } catch (ClusterException | RuntimeException e) {
            String message = "cluster status failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            relay.run(() -> error.set(message));
        }
    }

    private void apply(ClusterSnapshot s) {
        Map<String, String> ids = new HashMap<>();
        s.nodes().forEach(n -> ids.put(n.node().addr(), n.id()));
        Map<String, NodeLine> lines = new LinkedHashMap<>();
        s.nodes().forEach(n -> lines.put(n.id(), NodeLine.of(n, ids, s.positions())));
        updateRows(lines);
        snapshot.set(s);
        routers.set(String.join("\n", s.routers().stream().map(ClientRouter::text).toList()));
        clientsHeld.set(s.routers().stream().anyMatch(r -> r.anyHeld() || r.error().isPresent()));
        ClusterVerdict verdict = s.verdict();
        splitBrain.set(verdict.kind() == ClusterVerdict.Kind.SPLIT_BRAIN ? verdict.text() : "");
        error.set("");
        loaded.set(true);
        lastRefresh.set("status at " + LocalTime.now().format(CLOCK));
    }

    /**
     * Rows stay the same objects while their node stays in the cluster, updated field by field; a new
     * node's row is appended, a departed node's removed. The list itself changes only then, so a
     * refresh does not rebuild the table (whose sort may have reordered this very list).
     */
    private void updateRows(Map<String, NodeLine> lines) {
        rows.removeIf(row -> !lines.containsKey(row.id()));
        Map<String, NodeRow> shown = new HashMap<>();
        rows.forEach(row -> shown.put(row.id(), row));
        List<NodeRow> added = new ArrayList<>();
        lines.forEach((id, line) -> {
            NodeRow row = shown.get(id);
            if (row == null) {
                added.add(new NodeRow(line));
            } else {
                row.show(line);
            }
        });
        rows.addAll(added);
    }

    public ObservableList<NodeRow> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<ClusterSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ClusterSnapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** What routes clients to the nodes (PgBouncers), a line each; empty when nothing is in front of them. */
    public ReadOnlyStringProperty routersProperty() {
        return routers.getReadOnlyProperty();
    }

    /** A router holds clients (paused) or could not be read: worth the operator's eye. */
    public ReadOnlyBooleanProperty clientsHeldProperty() {
        return clientsHeld.getReadOnlyProperty();
    }

    /**
     * The split-brain banner's text, naming every writable node, from the last snapshot's verdict; empty while at
     * most one node takes writes. A failed refresh keeps it: the last thing seen was two writers.
     */
    public ReadOnlyStringProperty splitBrainProperty() {
        return splitBrain.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastRefreshProperty() {
        return lastRefresh.getReadOnlyProperty();
    }
}
