package dev.handover.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One PostgreSQL node as a status call saw it, with what only PostgreSQL has (received vs replayed
 * LSN, sync state, upstream). LSNs are bytes since {@code 0/0}.
 *
 * @param node        the definition it was read through
 * @param error       why it could not be read; empty when reachable (then every other field is meaningful)
 * @param inRecovery  {@code pg_is_in_recovery()}: true for a standby
 * @param timeline    the timeline it writes (primary) or receives (standby): the term
 * @param walLsn      primary: {@code pg_current_wal_lsn()}; standby: last received
 * @param flushedLsn  primary: {@code pg_current_wal_flush_lsn()}; standby: received and flushed to its disk
 * @param replayedLsn standby: {@code pg_last_wal_replay_lsn()}; primary: same as walLsn
 * @param frozen      postgresql.auto.conf holds a Handover freeze ({@code default_transaction_read_only = on})
 * @param upstream    standby: {@code host:port} its walreceiver streams from, empty when not streaming
 * @param receiver    standby: walreceiver status ("streaming", "stopping", ...), empty when none runs
 * @param lagBytes    standby: primary's WAL LSN minus this node's flushed LSN (0 on the primary)
 * @param replayLag   standby: {@code replay_lag} from the primary's pg_stat_replication (zero when idle/unknown)
 * @param syncState   standby: {@code sync_state} from pg_stat_replication ("async", "sync", ...), empty when unknown
 */
public record PgNodeStatus(PgNodeDefinition node, Optional<String> error, boolean inRecovery, long timeline,
                           long walLsn, long flushedLsn, long replayedLsn, boolean frozen, Optional<String> upstream,
                           Optional<String> receiver, long lagBytes, Duration replayLag, Optional<String> syncState) {

    public PgNodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(replayLag, "replayLag");
        Objects.requireNonNull(syncState, "syncState");
    }

    static PgNodeStatus unreachable(PgNodeDefinition node, String error) {
        return new PgNodeStatus(node, Optional.of(error), false, 0, 0, 0, 0, false, Optional.empty(), Optional.empty(),
                0, Duration.ZERO, Optional.empty());
    }

    public boolean reachable() {
        return error.isEmpty();
    }

    public boolean isPrimary() {
        return reachable() && !inRecovery;
    }

    public boolean streaming() {
        return receiver.filter("streaming"::equals).isPresent();
    }

    PgNodeStatus withReplication(long primaryWalLsn, Duration lag, Optional<String> sync) {
        return new PgNodeStatus(node, error, inRecovery, timeline, walLsn, flushedLsn, replayedLsn, frozen, upstream,
                receiver, Math.max(0, primaryWalLsn - flushedLsn), lag, sync);
    }
}
