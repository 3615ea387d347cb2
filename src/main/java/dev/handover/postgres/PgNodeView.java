package dev.handover.postgres;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node as a repair sees it before deciding anything: running primary, standby, stopped on this host,
 * running here but not answering, or out of sight; its timeline and the ancestors its history file names;
 * how far its WAL goes; whether it takes writes; and whether it may still promote itself.
 *
 * @param kind      what it is now
 * @param timeline  the timeline it writes, receives, or (stopped) its WAL ends on
 * @param ancestors its timeline history, oldest first ({@code <tli>.history})
 * @param end       where its WAL ends: primary the flushed LSN, standby the received (or replayed) LSN, stopped the
 *                  end of the WAL in its pg_wal; 0 when unknown
 * @param endBasis  how {@code end} was read
 * @param writable  a primary whose sessions may write now ({@code default_transaction_read_only} off)
 * @param pending   why it may still promote (a promote request, a stopped walreceiver); empty when it cannot
 * @param state     pg_controldata's cluster state for a stopped node; else empty
 * @param status    the status read (for a reachable node; the unreachable one otherwise)
 */
record PgNodeView(PgNodeDefinition node, Kind kind, long timeline, List<TimelineHistory.Entry> ancestors, long end,
                  String endBasis, boolean writable, Optional<String> pending, Optional<String> state, PgNodeStatus status) {

    enum Kind {
        PRIMARY, STANDBY, STOPPED, HUNG, UNREACHABLE
    }

    PgNodeView {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        ancestors = List.copyOf(ancestors);
        Objects.requireNonNull(endBasis, "endBasis");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
    }

    String id() {
        return node.id();
    }

    boolean endKnown() {
        return kind == Kind.PRIMARY || kind == Kind.STANDBY || kind == Kind.STOPPED && end > 0;
    }

    /** A stopped node that was a primary when it stopped (shut down, or crashed in production) and is no standby. */
    boolean stoppedPrimary() {
        return kind == Kind.STOPPED && state.filter(s -> s.equals("shut down") || s.equals("in production")).isPresent()
                && node.local().map(l -> !java.nio.file.Files.exists(l.dataDir().resolve("standby.signal"))).orElse(false);
    }

    /** First LSN at which this node's history and {@code other}'s disagree; MAX_VALUE on one timeline path. */
    long forkWith(PgNodeView other) {
        return TimelineHistory.forkPoint(ancestors, timeline, other.ancestors, other.timeline);
    }

    /** {@code pg1 primary on timeline 1 at 0/3000148, takes writes}. */
    String describe() {
        String at = end > 0 ? " at " + Lsn.format(end) : "";
        return id() + " " + switch (kind) {
            case PRIMARY -> "primary on timeline " + timeline + at + (writable ? ", takes writes" : ", writes frozen");
            case STANDBY -> "standby on timeline " + timeline + at;
            case STOPPED -> "stopped (" + state.orElse("?") + ") on timeline " + timeline + at;
            case HUNG -> "running here but not answering (a process of it is stopped)";
            case UNREACHABLE -> "cannot be reached (" + status.error().orElse("?") + ")";
        } + pending.map(p -> "; MAY PROMOTE: " + p).orElse("");
    }
}
