package dev.handover.postgres.bouncer;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.JournaledSteps;
import dev.handover.cluster.StepJournal;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.TransportException;

/**
 * A PostgreSQL transport with PgBouncer around it: the freeze is preceded by a PAUSE of every listed
 * database (so no client is in a transaction when writes stop, and none sees the freeze's read-only
 * error), the commit is followed by retargeting the bouncers and checking through them that the new
 * primary writes, and only then RESUME — a bouncer resumed before the new primary takes logins caches the
 * failed login. A resume of writes (abort, declined force) and a failed freeze or commit RESUME the
 * bouncers after writes, and the exception says so when they could not be.
 */
public final class BouncerTransport extends ForwardingTransport implements AutoCloseable, JournaledSteps {
    private final BouncerFleet fleet;
    private final String targetId;
    private final String targetHost;
    private final int targetPort;
    private final java.sql.Connection targetWatch;

    /**
     * @param delegate    the PostgreSQL transport (it keeps the sessions, the run lock and the keeper)
     * @param fleet       the bouncers, already through {@link BouncerFleet#preflight()}
     * @param targetWatch a session of the transport's own to the target, watched during the commit for the
     *                    promotion; closed with the transport
     */
    public BouncerTransport(FailoverTransport delegate, BouncerFleet fleet, String targetId, String targetHost, int targetPort,
                            java.sql.Connection targetWatch) {
        super(delegate);
        this.fleet = fleet;
        this.targetId = targetId;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
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
            throw new TransportException(e.getMessage() + ". " + fleet.resumeAll().text(), e);
        }
        FaultPoint.reached("bouncer-after-freeze"); // recovery tests: a process killed with its bouncers paused
        return frontier;
    }

    /**
     * Writes first, then the bouncers: resumed the other way round, clients would meet the freeze's
     * read-only error. Writes resumed but a bouncer still paused is still an outage for its clients, so
     * that throws, naming the pools to RESUME by hand.
     */
    @Override
    public void resumePrimary() throws TransportException {
        try {
            delegate.resumePrimary();
        } catch (TransportException | RuntimeException e) {
            throw new TransportException(e.getMessage() + ". " + fleet.resumeAll().text(), e);
        }
        BouncerFleet.Resumed r = fleet.resumeAll();
        if (!r.stillPaused().isEmpty()) {
            throw new TransportException("writes resumed on the old primary itself, but clients behind PgBouncer are "
                    + "still held: " + r.text());
        }
    }

    /**
     * As soon as the target writes on the new timeline (seen by a {@link PromotionWatch} while the commit
     * goes on), the bouncers are retargeted and checked, then resumed even if a check failed (clients would
     * otherwise queue until query_wait_timeout); a failed check degrades the topology in the after-run
     * record. A commit that failed before the promotion resumes them where they pointed, and says so.
     */
    @Override
    public void commitHandover(long newTerm) throws TransportException {
        PromotionWatch watch = new PromotionWatch(targetWatch, fleet, targetId, targetHost, targetPort);
        watch.start(newTerm);
        try {
            delegate.commitHandover(newTerm);
        } catch (TransportException | RuntimeException e) {
            boolean handed = watch.finish() || promotedAnyway(newTerm);
            java.util.List<String> failed = fleet.checks().stream().filter(c -> !c.ok()).map(c -> c.what() + ": " + c.seen())
                    .toList();
            String bouncers = handed ? "PgBouncer was retargeted to " + targetId + " once it wrote on timeline " + newTerm
                    + (failed.isEmpty() ? ", checked through and resumed" : "; FAILED: " + String.join("; ", failed))
                    : fleet.resumeAll().text()
                    + " The bouncers still route to the old primary";
            throw new TransportException(e.getMessage() + ". " + bouncers, e);
        }
        if (!watch.finish()) {
            fleet.retarget(targetId, targetHost, targetPort);
            fleet.resumeAll();
        }
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
        fleet.retarget(targetId, targetHost, targetPort);
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
