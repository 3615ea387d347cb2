package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.core.TransportException;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.handover.postgres.Sql.longValue;

/**
 * Steps 2–3 of {@link PgCommit}: where the old primary's WAL ends, and the target holding all of it before
 * anything is promoted — so no acknowledged write is left behind. Apart from the commit because it is the
 * one place the old primary is stopped, and started again when the target fell short.
 */
final class PgLastWal {
    private static final Duration FINAL_WAL_WAIT = Duration.ofSeconds(10);

    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgPlan plan;
    private final Optional<ArmedSignal> armedStop;
    private final PgFollow.Session targetSession;
    private final List<String> done;
    private final Consumer<String> progress;

    PgLastWal(PgNodeDefinition oldPrimary, PgNodeDefinition target, PgPlan plan, Optional<ArmedSignal> armedStop,
              PgFollow.Session targetSession, List<String> done, Consumer<String> progress) {
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.plan = plan;
        this.armedStop = armedStop;
        this.targetSession = targetSession;
        this.done = done;
        this.progress = progress;
    }

    /**
     * The old primary under local control: shut down cleanly, then (when the target had caught up) the target
     * must hold its last record, the shutdown checkpoint; if it does not, the old primary is started again,
     * still frozen, and nothing is promoted. Returns where that last record is.
     */
    long stopOldPrimary(boolean caughtUp) throws TransportException {
        long lastOldWal;
        PgCtl ctl = new PgCtl(oldPrimary.id(), oldPrimary.local().get());
        try {
            // Promotion waits for the postmaster's exit, walsenders done, not only for its shutdown checkpoint:
            // promoting a target still connected to an exiting old primary stalled the promotion by
            // wal_retrieve_retry_interval (5 s) on a synchronous cluster with a sibling down.
            PgCommit.say(progress, "stopping " + oldPrimary.id() + " (fast shutdown: its walsenders send the last WAL first) …");
            Optional<PgCtl.FastStop> stopping = ctl.signalFastStop(armedStop);
            if (stopping.isPresent()) {
                stopping.get().awaitExit(PgCommit.STOP_WAIT).ifPresent(done::add);
            }
            lastOldWal = ctl.shutdownCheckpoint();
        } catch (IOException e) {
            throw new TransportException("stopping " + oldPrimary.id() + " failed: " + e.getMessage()
                    + "; nothing was promoted. Check whether " + oldPrimary.id() + " is running; if it is, its "
                    + "writes are still frozen", e);
        }
        done.add("stopped " + oldPrimary.id() + " cleanly (fast shutdown); its last WAL record, the shutdown "
                + "checkpoint, is at " + Lsn.format(lastOldWal));
        FaultPoint.reached("after-old-primary-stopped");
        // A target that cannot be read now (killed, hung) is as short of the last record as one that
        // never got it: either way nothing is promoted, and the old primary must not stay down.
        String missed = null;
        try {
            if (caughtUp && !awaitTargetPast(lastOldWal, true)) {
                missed = target.id() + " did not receive " + oldPrimary.id() + "'s last WAL record ("
                        + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s";
            }
        } catch (TransportException e) {
            missed = "reading " + target.id() + " failed (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")";
        }
        if (missed != null) {
            String restart;
            try {
                ctl.start(PgCommit.STOP_WAIT, plan.oldPrimaryStart().orElse(StartOptions.none()));
                restart = oldPrimary.id() + " was started again as primary, writes still frozen";
            } catch (IOException e) {
                restart = oldPrimary.id() + " could not be started again (" + e.getMessage() + "): start it by hand";
            }
            throw new TransportException(missed + "; nothing was promoted; " + restart);
        }
        return lastOldWal;
    }

    /** The old primary without local control: it stays running and frozen; the target must reach its flushed WAL. */
    long readFrozenEnd(Connection control, boolean caughtUp) throws TransportException {
        long lastOldWal;
        try (Statement st = control.createStatement()) {
            lastOldWal = longValue(st, "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint");
        } catch (SQLException e) {
            throw new TransportException("reading the WAL end of " + oldPrimary.id() + " failed: " + e.getMessage()
                    + "; nothing was promoted and " + oldPrimary.id() + " is still frozen", e);
        }
        if (caughtUp && !awaitTargetPast(lastOldWal - 1, false)) {
            throw new TransportException(target.id() + " did not reach " + oldPrimary.id() + "'s flushed WAL ("
                    + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s; nothing was promoted and "
                    + oldPrimary.id() + " is still frozen");
        }
        done.add(oldPrimary.id() + " has no local control: it stays running and frozen (read-only) at "
                + Lsn.format(lastOldWal));
        return lastOldWal;
    }

    /** Waits until the target's durable LSN is past {@code lsn} (the whole record starting there received). */
    private boolean awaitTargetPast(long lsn, boolean strictly) throws TransportException {
        try (Statement st = targetSession.get().createStatement()) {
            long deadline = System.nanoTime() + FINAL_WAL_WAIT.toNanos();
            // A hung target must not hold this wait (the old primary is stopped) for the socket's 120 s.
            targetSession.get().setNetworkTimeout(Runnable::run, (int) FINAL_WAL_WAIT.plusSeconds(1).toMillis());
            while (true) {
                long reached = longValue(st, "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint");
                if (strictly ? reached > lsn : reached >= lsn) {
                    done.add(target.id() + " holds the old primary's WAL through " + Lsn.format(reached));
                    targetSession.get().setNetworkTimeout(Runnable::run, (int) PgCommit.SOCKET_TIMEOUT.toMillis());
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                PgFreeze.pause(2);
            }
        } catch (SQLException e) {
            throw new TransportException("reading " + target.id() + " before promotion failed: " + e.getMessage()
                    + "; nothing was promoted", e);
        }
    }
}
