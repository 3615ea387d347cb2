package dev.handover.core;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Cluster mutations and the clock the coordinator drives, injected so the state machine stays
 * pure and deterministically testable. The simulator and the PostgreSQL room implement it;
 * tests use a scripted fake.
 */
public interface FailoverTransport {

    /**
     * Pause writes on the current primary and return the frontier LSN frozen at the instant
     * writes stopped. After this returns no new LSN is minted, so the value is a fixed target.
     */
    long freezePrimary() throws TransportException;

    /** Resume writes on the old primary. Called only when a handover aborts. */
    void resumePrimary() throws TransportException;

    /** Time elapsed since the failover began, so the coordinator enforces deadlines without a clock. */
    Duration elapsed();

    /** Block for one poll interval, then return the target's durable (acknowledged) frontier LSN. */
    long pollTargetFrontier() throws TransportException;

    /**
     * Wait until the target's durable frontier reaches {@code frontier} or {@code maxWait} passes,
     * whichever is first, and return the frontier then. A {@code maxWait} of zero asks for one reading
     * at once, without waiting: the coordinator takes it past the deadline and after a force prompt, so
     * writes stay frozen for the deadline and one read, whatever the poll interval. Transports that
     * can be woken when the target moves (a long poll) override this to hand over without waiting out
     * a poll interval; the default is one ordinary poll, which keeps the reference semantics for a
     * transport that can only poll (and so cannot read without waiting).
     */
    default long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        return pollTargetFrontier();
    }

    /**
     * Keep the freeze alive while the coordinator waits. A transport whose freeze carries a lease
     * (so a dead console cannot leave writes frozen forever) renews it here; others do nothing.
     */
    default void renewFreezeLease() throws TransportException {
    }

    /**
     * The commit is next: whatever would lift the freeze by itself once renewals stop (a lease timer,
     * a keeper process) stands down now, so it cannot resume writes under a promoted target. Throwing
     * means the lease was already lost — writes may flow again — and nothing was committed: the run
     * aborts and resumes. Transports without a lease do nothing.
     */
    default void endFreezeLease() throws TransportException {
    }

    /**
     * Commit the role swap: stamp {@code newTerm} on the target (promoting it) and reconfigure
     * the old primary to stream as a replica of the new primary under {@code newTerm}.
     */
    void commitHandover(long newTerm) throws TransportException;

    /**
     * After a {@link #commitHandover} that the coordinator forced past its last reading: how far the new
     * primary's history holds the old primary's, when the transport can tell, so the skipped LSNs are
     * those the new primary really lacks. The commit may outrun the last reading (a clean shutdown of the
     * old primary still sends its WAL to a connected target) or fall short of it (a partial record is
     * dropped at promotion). Empty keeps the last reading.
     */
    default OptionalLong heldAtHandover() {
        return OptionalLong.empty();
    }

    /**
     * Where the transport says each step of its commit as it takes it ("stopped pg1", "asking pg2 to promote,
     * 12 s …"), for live progress; the coordinator hands it over right before {@link #commitHandover} and ignores
     * what comes after the commit returned. The steps may come from other threads. The default says nothing.
     */
    default void reportCommitStepsTo(java.util.function.Consumer<String> steps) {
    }
}
