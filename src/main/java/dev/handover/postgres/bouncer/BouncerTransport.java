package dev.handover.postgres.bouncer;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.JournaledSteps;
import dev.handover.cluster.StepJournal;
import dev.handover.core.CommitWithdrawnException;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.TransportException;

/**
 * A PostgreSQL transport with PgBouncer around it: the freeze is preceded by a PAUSE of every listed
 * database (so no client is in a transaction when writes stop, and none sees the freeze's read-only
 * error), the commit is followed by retargeting the bouncers and checking through them that the new
 * primary writes, and only then RESUME — a bouncer resumed before the new primary takes logins caches the
 * failed login.
 *
 * <p>The rule on every other path: <b>a pool is RESUMEd only toward a node seen writable</b>. After a resume of
 * writes (abort, declined force, a commit withdrawn) or a failed freeze, each pool is resumed once a check
 * through the bouncer (its check entry, routed as the pool) reaches the old primary taking writes; after a commit
 * that failed, the pools go to the target only when it was seen writing on the new timeline. Any pool that could
 * not be verified stays PAUSED, and the exception names it with the commands that resume it.
 */
public final class BouncerTransport extends ForwardingTransport implements AutoCloseable, JournaledSteps {
    private final BouncerFleet fleet;
    private final Node oldPrimary;
    private final Node target;
    private final java.sql.Connection targetWatch;

    /** A node the bouncers may route to: its id in messages, where they reach it. */
    public record Node(String id, String host, int port) {
    }

    /**
     * @param delegate    the PostgreSQL transport (it keeps the sessions, the run lock and the keeper)
     * @param fleet       the bouncers, already through {@link BouncerFleet#preflight()}
     * @param oldPrimary  where the bouncers route now
     * @param target      where they route after the commit
     * @param targetWatch a session of the transport's own to the target, watched during the commit for the
     *                    promotion; closed with the transport
     */
    public BouncerTransport(FailoverTransport delegate, BouncerFleet fleet, Node oldPrimary, Node target,
                            java.sql.Connection targetWatch) {
        super(delegate);
        this.fleet = fleet;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.targetWatch = targetWatch;
    }

    /** The transport underneath, for the backend's own after-run verification. */
    public FailoverTransport pg() {
        return delegate;
    }

    public BouncerFleet fleet() {
        return fleet;
    }

    /** Each PAUSE, retarget and RESUME is recorded in the run's journal: an intent before it, an event after. */
    @Override
    public void journalStepsIn(StepJournal journal) {
        fleet.journalStepsIn(journal);
    }

    /** The bouncers' steps during the commit are said live too, beside the PostgreSQL commit's own. */
    @Override
    public void reportCommitStepsTo(java.util.function.Consumer<String> steps) {
        fleet.sayStepsTo(steps);
        delegate.reportCommitStepsTo(steps);
    }

    @Override
    public long freezePrimary() throws TransportException {
        try {
            fleet.pause();
        } catch (BouncerException e) {
            throw new TransportException(e.getMessage(), e);
        }
        long frontier;
        try {
            frontier = delegate.freezePrimary();
        } catch (TransportException | RuntimeException e) {
            throw new TransportException(e.getMessage() + ". " + resumeTowardOldPrimary().text(), e);
        }
        FaultPoint.reached("bouncer-after-freeze"); // recovery tests: a process killed with its bouncers paused
        return frontier;
    }

    /**
     * Writes first, then the bouncers, each only once the old primary is seen taking writes through it: resumed
     * the other way round, clients would meet the freeze's read-only error. A pool still paused is still an
     * outage for its clients, so that throws, naming the pools and how to resume them.
     */
    @Override
    public void resumePrimary() throws TransportException {
        try {
            delegate.resumePrimary();
        } catch (TransportException | RuntimeException e) {
            throw new TransportException(e.getMessage() + ". " + resumeTowardOldPrimary().text(), e);
        }
        BouncerFleet.Resumed r = resumeTowardOldPrimary();
        if (!r.stillPaused().isEmpty()) {
            throw new TransportException("writes resumed on the old primary itself, but clients behind PgBouncer are "
                    + "still held: " + r.text());
        }
    }

    private BouncerFleet.Resumed resumeTowardOldPrimary() {
        return fleet.resumeIfWritable(oldPrimary.id(), oldPrimary.port());
    }

    /**
     * As soon as the target writes on the new timeline (seen by a {@link PromotionWatch} while the commit
     * goes on), the bouncers are retargeted and checked, then resumed even if a check failed (clients would
     * otherwise queue until query_wait_timeout); a failed check degrades the topology in the after-run
     * record. A commit withdrawn (nothing handed over, the old primary the primary again, frozen) leaves the pools
     * paused for the coordinator's resume of writes, which resumes them after. Any other failed commit resumes
     * them only toward the target seen writing on the new timeline; otherwise they stay PAUSED and the exception
     * says so, with the commands: never toward a stopped or frozen old primary.
     */
    @Override
    public void commitHandover(long newTerm) throws TransportException {
        PromotionWatch watch = new PromotionWatch(targetWatch, fleet, target.id(), target.host(), target.port());
        watch.start(newTerm);
        try {
            delegate.commitHandover(newTerm);
        } catch (CommitWithdrawnException e) {
            watch.finish();
            throw e; // the coordinator resumes writes next, and the pools with them (resumePrimary)
        } catch (TransportException | RuntimeException e) {
            boolean handed = watch.finish() || promotedAnyway(newTerm);
            java.util.List<String> failed = fleet.checks().stream().filter(c -> !c.ok()).map(c -> c.what() + ": " + c.seen())
                    .toList();
            String bouncers = handed ? "PgBouncer was retargeted to " + target.id() + " once it wrote on timeline " + newTerm
                    + (failed.isEmpty() ? ", checked through and resumed" : "; FAILED: " + String.join("; ", failed))
                    : stillPaused(newTerm);
            throw new TransportException(e.getMessage() + ". " + bouncers, e);
        }
        if (!watch.finish()) {
            fleet.retarget(target.id(), target.host(), target.port());
            fleet.resumeAll();
        }
    }

    /** A failed commit with no node seen writable: the pools stay paused, said loudly with what resumes them. */
    private String stillPaused(long newTerm) {
        java.util.List<String> pools = fleet.pausedPools();
        if (pools.isEmpty()) {
            return "No PgBouncer pool is paused";
        }
        return "PgBouncer pools STILL PAUSED, clients wait (queued until query_wait_timeout): " + String.join(", ", pools)
                + ". They were NOT resumed because no node was seen writable: " + target.id() + " was not seen writing on "
                + "timeline " + newTerm + " and " + oldPrimary.id() + " is stopped or frozen. Once a primary takes writes, "
                + "`handover recover --release <run id>` (when nothing was promoted) or `handover recover` retargets them to "
                + "it and resumes them; by hand: point each bouncer's target file at that primary and RELOAD, then RESUME "
                + "each pool on its admin console (" + String.join("; ", fleet.resumeCommands()) + ")";
    }

    /**
     * A commit that failed after the promotion, before the watch saw it: the target is the primary, so the
     * bouncers go there (resumed toward the old, fenced primary they would cache a failed login).
     */
    private boolean promotedAnyway(long newTerm) {
        try {
            if (PromotionWatch.timeline(targetWatch) != newTerm) {
                return false;
            }
        } catch (java.sql.SQLException e) {
            return false;
        }
        fleet.retarget(target.id(), target.host(), target.port());
        fleet.resumeAll();
        return true;
    }

    @Override
    public void close() throws Exception {
        try {
            fleet.close();
            targetWatch.close();
        } finally {
            if (delegate instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
