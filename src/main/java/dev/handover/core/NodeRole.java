package dev.handover.core;

import java.util.Objects;

/** The replication role a node plays after a failover step. */
public sealed interface NodeRole {

    /** The replication term the node serves under. */
    long term();

    /** Accepts writes under {@code term}, streams WAL to replicas. */
    record Primary(long term) implements NodeRole {
    }

    /** Read-only, streams WAL from {@code primaryAddr} under {@code term}. */
    record Replica(String primaryAddr, long term) implements NodeRole {
        public Replica {
            Objects.requireNonNull(primaryAddr, "primaryAddr");
        }
    }
}
