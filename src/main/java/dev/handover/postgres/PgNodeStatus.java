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
 * @param lagBytes    standby: primary's WAL LSN minus this node's flushed LSN (0 on the primary); negative when the
 *                    standby holds WAL past the primary's (diverged), never clamped
 * @param replayLag   standby: {@code replay_lag} from the primary's pg_stat_replication (zero when idle/unknown)
 * @param syncState   standby: {@code sync_state} from pg_stat_replication ("async", "sync", ...), empty when unknown
 * @param standby     standby: how its receiver and replay are doing ({@link Standby#NONE} on a primary)
 */
public record PgNodeStatus(PgNodeDefinition node, Optional<String> error, boolean inRecovery, long timeline,
                           long walLsn, long flushedLsn, long replayedLsn, boolean frozen, Optional<String> upstream,
                           Optional<String> receiver, long lagBytes, Duration replayLag, Optional<String> syncState,
                           Standby standby) {

    public PgNodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(replayLag, "replayLag");
        Objects.requireNonNull(syncState, "syncState");
        Objects.requireNonNull(standby, "standby");
    }

    static PgNodeStatus unreachable(PgNodeDefinition node, String error) {
        return new PgNodeStatus(node, Optional.of(error), false, 0, 0, 0, 0, false, Optional.empty(), Optional.empty(),
                0, Duration.ZERO, Optional.empty(), Standby.NONE);
    }

    /**
     * A standby's receiving and replay as its own views (and its primary's) show them.
     *
     * <p>A walreceiver stopped by a signal keeps saying "streaming" in {@code pg_stat_wal_receiver}: only the age of
     * what it last heard and sent betrays it. A healthy one hears from its primary at least every
     * {@code wal_receiver_timeout / 2} even on an idle primary (it asks for a keepalive then), and replies at least
     * every {@code wal_receiver_status_interval}. So it counts as stalled when its last message is older than
     * {@code wal_receiver_timeout / 2 + 2 × wal_receiver_status_interval} (50 s with the defaults), or when the
     * primary's {@code reply_time} from it is older than {@code 3 × wal_receiver_status_interval} (30 s with the
     * defaults; a setting of 0 turns either rule off, as it turns off what the rule relies on).
     *
     * @param receiverPid     {@code pg_stat_wal_receiver.pid}, empty when no walreceiver runs
     * @param lastMessageAge  now minus {@code last_msg_receipt_time}, on the standby's own clock
     * @param replyAge        on the primary: now minus {@code pg_stat_replication.reply_time} from this standby
     * @param replayPaused    {@code pg_get_wal_replay_pause_state()} is "paused" or "pause requested"
     * @param replayBacklog   received and flushed but not replayed, in bytes
     * @param statusInterval  {@code wal_receiver_status_interval}
     * @param receiverTimeout {@code wal_receiver_timeout}
     */
    public record Standby(Optional<Integer> receiverPid, Optional<Duration> lastMessageAge, Optional<Duration> replyAge,
                          boolean replayPaused, long replayBacklog, Duration statusInterval, Duration receiverTimeout) {
        static final Standby NONE = new Standby(Optional.empty(), Optional.empty(), Optional.empty(), false, 0,
                Duration.ZERO, Duration.ZERO);

        /** How old the last message from the primary may grow on a healthy receiver; empty with the keepalive off. */
        Optional<Duration> messageLimit() {
            return receiverTimeout.isZero() ? Optional.empty()
                    : Optional.of(receiverTimeout.dividedBy(2).plus(statusInterval.multipliedBy(2)));
        }

        /** How old its last reply may grow at the primary on a healthy receiver; empty with status replies off. */
        Optional<Duration> replyLimit() {
            return statusInterval.isZero() ? Optional.empty() : Optional.of(statusInterval.multipliedBy(3));
        }

        /** Why the receiver counts as stalled, in words naming the age and its limit; empty when it does not. */
        Optional<String> stall() {
            if (lastMessageAge.isPresent() && messageLimit().isPresent()
                    && lastMessageAge.get().compareTo(messageLimit().get()) > 0) {
                return Optional.of("receiver stalled: last message from the primary " + ago(lastMessageAge.get())
                        + " (a healthy one hears within " + ago(messageLimit().get()) + ")" + pid());
            }
            if (replyAge.isPresent() && replyLimit().isPresent() && replyAge.get().compareTo(replyLimit().get()) > 0) {
                return Optional.of("receiver stalled: the primary has had no reply from it for " + ago(replyAge.get())
                        + " (a healthy one replies every " + ago(statusInterval) + ")" + pid());
            }
            return Optional.empty();
        }

        private String pid() {
            return receiverPid.map(p -> ", walreceiver pid " + p).orElse("");
        }

        private static String ago(Duration d) {
            return dev.handover.core.Durations.format(d.compareTo(Duration.ofSeconds(1)) < 0 ? d
                    : Duration.ofSeconds(d.toSeconds()));
        }

        Standby withReplyAge(Optional<Duration> age) {
            return new Standby(receiverPid, lastMessageAge, age, replayPaused, replayBacklog, statusInterval, receiverTimeout);
        }
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

    /** A primary read again: its current and flushed WAL positions at that later read. */
    PgNodeStatus withPositions(long wal, long flushed) {
        return new PgNodeStatus(node, error, inRecovery, timeline, wal, flushed, wal, frozen, upstream, receiver,
                lagBytes, replayLag, syncState, standby);
    }

    /**
     * With the primary's view of it. {@code exact} says the primary's position was read after this node's, so a
     * negative distance means this node holds WAL the primary never wrote; otherwise (the later read failed) the
     * distance is kept at 0 or more, since a standby read later than its primary may have received more under load.
     */
    PgNodeStatus withReplication(long primaryWalLsn, boolean exact, Duration lag, Optional<String> sync,
                                 Optional<Duration> replyAge) {
        long distance = primaryWalLsn - flushedLsn;
        return new PgNodeStatus(node, error, inRecovery, timeline, walLsn, flushedLsn, replayedLsn, frozen, upstream,
                receiver, exact ? distance : Math.max(0, distance), lag, sync, standby.withReplyAge(replyAge));
    }
}
