package dev.handover.cluster;

import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;

import java.time.Duration;
import java.util.Objects;

/**
 * One node as a status call saw it.
 *
 * @param node       id, address, region
 * @param role       primary or replica, with its term
 * @param lsn        last LSN written (primary) or received (replica)
 * @param durableLsn last LSN flushed to the node's disk: what a replica has acknowledged
 * @param lagLsn     how far the durable frontier trails the primary's LSN (0 on the primary); negative when the
 *                   node holds more than the primary (it is ahead: history diverged, {@link Condition#AHEAD_OF_PRIMARY}),
 *                   never clamped to a "0 behind"
 * @param lag        the same gap in time, estimated from the apply rate
 * @param applyRate  LSN a second the node applies (0 when stalled or unknown)
 * @param health     healthy, degraded, unreachable
 * @param detail     one line on health ("stalled", the connection error), empty when healthy
 * @param condition  the health's reason in one word (a badge), a case of {@code health}
 * @param replayBacklog what the node holds durably but has not applied yet (PostgreSQL: received minus replayed
 *                   WAL); a promotion applies it first, with writes frozen. 0 where durable already means applied
 *                   (MariaDB's durable position is the applied one) or nothing waits
 *
 * <p>A node that did not answer ({@link Health#UNREACHABLE}) has no readings: whatever its numeric
 * components hold (a backend fills them with 0, a simulation with its own state) is not what a status call
 * saw. Read the numbers through {@link #readings()}, which is empty then, so nobody shows, ranks or checks
 * a 0 as if it had been read.
 */
public record NodeStatus(FailoverNode node, NodeRole role, long lsn, long durableLsn, long lagLsn, Duration lag,
                         double applyRate, Health health, String detail, Condition condition, long replayBacklog) {

    public NodeStatus {
        if (replayBacklog < 0) {
            throw new IllegalArgumentException("replay backlog must not be negative, got " + replayBacklog);
        }
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(condition, "condition");
        if (condition.health() != health) {
            throw new IllegalArgumentException("condition " + condition + " is not a case of health " + health);
        }
    }

    /** A node with nothing received and not yet applied. */
    public NodeStatus(FailoverNode node, NodeRole role, long lsn, long durableLsn, long lagLsn, Duration lag,
                      double applyRate, Health health, String detail, Condition condition) {
        this(node, role, lsn, durableLsn, lagLsn, lag, applyRate, health, detail, condition, 0);
    }

    /** A node whose backend names no reason beyond its health. */
    public NodeStatus(FailoverNode node, NodeRole role, long lsn, long durableLsn, long lagLsn, Duration lag,
                      double applyRate, Health health, String detail) {
        this(node, role, lsn, durableLsn, lagLsn, lag, applyRate, health, detail, Condition.of(health));
    }

    /** Whether the node holds more than the primary (a negative lag): diverged history, not "0 behind". */
    public boolean ahead() {
        return answered() && lagLsn < 0;
    }

    /** The same node with another health, reason and detail (the cluster-wide view can add what one node cannot see). */
    public NodeStatus with(Condition newCondition, String newDetail) {
        return new NodeStatus(node, role, lsn, durableLsn, lagLsn, lag, applyRate, newCondition.health(), newDetail,
                newCondition, replayBacklog);
    }

    public String id() {
        return node.id();
    }

    public boolean isPrimary() {
        return role instanceof NodeRole.Primary;
    }

    /** Whether the status call reached the node, i.e. its role, term, positions and lag were read. */
    public boolean answered() {
        return health != Health.UNREACHABLE;
    }

    /** What the status call read from the node; empty when it did not answer (term, LSNs and lag are unknown). */
    public java.util.Optional<Readings> readings() {
        return answered() ? java.util.Optional.of(new Readings(role.term(), lsn, durableLsn, lagLsn, lag))
                : java.util.Optional.empty();
    }

    /** A node that did not answer: nothing was read, the numbers are placeholders that {@link #readings()} hides. */
    public static NodeStatus unreachable(FailoverNode node, String why) {
        return new NodeStatus(node, new NodeRole.Replica("unknown", 0), 0, 0, 0, Duration.ZERO, 0, Health.UNREACHABLE, why);
    }

    /**
     * The figures a status call read from a node that answered.
     *
     * @param term       the term (PostgreSQL: timeline) it serves or follows under
     * @param lagLsn     how far its durable position trails the primary's (0 on the primary)
     * @param lag        the same in time
     */
    public record Readings(long term, long lsn, long durableLsn, long lagLsn, Duration lag) {
    }
}
