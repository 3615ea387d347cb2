package dev.handover.postgres.bouncer;

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
public final class BouncerTransport extends ForwardingTransport implements AutoCloseable {
    private final BouncerFleet fleet;
    private final String targetId;
    private final String targetHost;
    private final int targetPort;

    /**
     * @param delegate the PostgreSQL transport (it keeps the sessions, the run lock and the keeper)
     * @param fleet    the bouncers, already through {@link BouncerFleet#preflight()}
     */
    public BouncerTransport(FailoverTransport delegate, BouncerFleet fleet, String targetId, String targetHost, int targetPort) {
        super(delegate);
        this.fleet = fleet;
        this.targetId = targetId;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** The transport underneath, for the backend's own after-run verification. */
    public FailoverTransport pg() {
        return delegate;
    }

    public BouncerFleet fleet() {
        return fleet;
    }

    @Override
    public long freezePrimary() throws TransportException {
        try {
            fleet.pause();
        } catch (BouncerException e) {
            throw new TransportException(e.getMessage(), e);
        }
        try {
            return delegate.freezePrimary();
        } catch (TransportException | RuntimeException e) {
            throw new TransportException(e.getMessage() + ". " + fleet.resumeAll().text(), e);
        }
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
     * After the commit the bouncers are retargeted and checked, then resumed even if a check failed
     * (clients would otherwise queue until query_wait_timeout); a failed check degrades the topology in
     * the after-run record. A commit that failed resumes them where they pointed, and says so.
     */
    @Override
    public void commitHandover(long newTerm) throws TransportException {
        try {
            delegate.commitHandover(newTerm);
        } catch (TransportException | RuntimeException e) {
            throw new TransportException(e.getMessage() + ". " + fleet.resumeAll().text()
                    + " The bouncers still route to the old primary", e);
        }
        fleet.retarget(targetId, targetHost, targetPort);
        fleet.resumeAll();
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }
}
