package dev.handover.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Asks every node, now, whether it takes writes: what {@code recover} says about a dead run's freeze is
 * what this saw, with the time it was seen, never a guess from the record. Asked of a connection with
 * {@link ClusterConnection#writeProbe()}.
 */
public interface WriteProbe {

    /** Every node of the cluster, read now; a node that cannot be read is {@link State#UNREACHABLE}. */
    List<NodeWrites> check();

    enum State {
        /** A primary whose new sessions may write. */
        TAKES_WRITES,
        /** A primary whose writes are frozen (read only). */
        FROZEN,
        /** A standby / replica: it takes no writes by design. */
        STANDBY,
        /** Could not be read. */
        UNREACHABLE
    }

    /**
     * One node as checked.
     *
     * @param detail what showed it, e.g. {@code default_transaction_read_only on}
     */
    record NodeWrites(String node, State state, String detail, Instant checkedAt) {
        public NodeWrites {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(checkedAt, "checkedAt");
        }
    }
}
