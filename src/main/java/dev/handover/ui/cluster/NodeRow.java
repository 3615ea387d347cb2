package dev.handover.ui.cluster;

import dev.handover.cluster.Condition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One node's line in the cluster table, kept for as long as the node is in the cluster: each refresh
 * updates its fields in place, so the table repaints the cells that changed instead of rebuilding
 * its rows (and keeps selection and sort order).
 */
public final class NodeRow {
    private final String id;
    private final ReadOnlyObjectWrapper<String> address = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> region = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> role = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PositionText> term = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PositionText> lsn = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PositionText> durableLsn = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<PositionText> behind = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> lag = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> health = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Condition> badge = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<NodeLine> line = new ReadOnlyObjectWrapper<>();

    NodeRow(NodeLine first) {
        this.id = first.id();
        show(first);
    }

    /** Shows the node's latest line; only the fields that differ notify their cells. */
    void show(NodeLine next) {
        if (!next.id().equals(id)) {
            throw new IllegalArgumentException("row of node " + id + " given the line of node " + next.id());
        }
        if (next.equals(line.get())) {
            return;
        }
        update(address, next.address());
        update(region, next.region());
        update(role, next.role());
        update(term, next.term());
        update(lsn, next.lsn());
        update(durableLsn, next.durableLsn());
        update(behind, next.behind());
        update(lag, next.lag());
        update(health, next.health());
        update(badge, next.badge());
        line.set(next);
    }

    // Object properties notify on any set; compare first so unchanged cells stay quiet.
    private static <T> void update(ReadOnlyObjectWrapper<T> property, T value) {
        if (!value.equals(property.get())) {
            property.set(value);
        }
    }

    public String id() {
        return id;
    }

    public String address() {
        return address.get();
    }

    public String region() {
        return region.get();
    }

    public String role() {
        return role.get();
    }

    /** The term as read; {@link Long#MAX_VALUE} when it is unknown (see {@link #termText()}). */
    public long term() {
        return term.get().value();
    }

    /** The term as the table shows it: the number, or {@code unknown} for a node that did not answer. */
    public String termText() {
        return term.get().text();
    }

    public long lsn() {
        return lsn.get().value();
    }

    public long durableLsn() {
        return durableLsn.get().value();
    }

    /** How far the node's durable position trails the primary's. */
    public long lagLsn() {
        return behind.get().value();
    }

    /** The position as the table shows it, e.g. {@code 0/4009D88}. */
    public String lsnText() {
        return lsn.get().text();
    }

    public String durableLsnText() {
        return durableLsn.get().text();
    }

    /** The distance behind as the table shows it, e.g. {@code 3.9 MB}. */
    public String behindText() {
        return behind.get().text();
    }

    public String lag() {
        return lag.get();
    }

    public String health() {
        return health.get();
    }

    /** The health in one word, as the table's badge shows it. */
    public Condition badge() {
        return badge.get();
    }

    public boolean primary() {
        return line.get().primary();
    }

    public boolean healthy() {
        return line.get().healthy();
    }

    public ReadOnlyObjectProperty<String> addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<String> regionProperty() {
        return region.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<String> roleProperty() {
        return role.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PositionText> termProperty() {
        return term.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PositionText> lsnProperty() {
        return lsn.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PositionText> durableLsnProperty() {
        return durableLsn.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PositionText> behindProperty() {
        return behind.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<String> lagProperty() {
        return lag.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<String> healthProperty() {
        return health.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Condition> badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    /** The whole line as last shown: for what depends on several fields (the row's colours, its tooltip). */
    public ReadOnlyObjectProperty<NodeLine> lineProperty() {
        return line.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "NodeRow" + line.get();
    }
}
