package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Drives one switchover on a real PostgreSQL cluster for the coordinator: freeze and resume on the
 * old primary ({@link PgFreeze}), the target's durable LSN for polling, and the commit
 * ({@link PgCommit}). Elapsed time is wall time from {@link System#nanoTime()}: this room is I/O.
 *
 * <p>Polling reads {@code pg_last_wal_receive_lsn()} on the target itself: the WAL it has received
 * and flushed to its own disk, in its own words. The primary's {@code pg_stat_replication.flush_lsn}
 * means the same but is second-hand and late by a feedback message, and it is gone once the old
 * primary is shut down, which the commit needs to check after.
 *
 * <p>Guards, all before anything is frozen: both sessions take the cluster's run lock ({@link PgRunLock});
 * the primary must still be the one the run was planned on, under the same timeline
 * ({@link ExpectedPrimary}), checked when the transport is made and again on the control session right
 * before {@code ALTER SYSTEM}; and where this host controls the primary ({@code local}), a
 * {@link FreezeKeeper} is started that lifts the freeze if this process dies or hangs. It is told right
 * before the freeze, renewed while the run waits, and stood down — acknowledged — before the commit
 * and after a resume.
 *
 * <p>The sessions, the keeper and the armed stop are opened, held and closed by {@link PgRunSessions}.
 */
public final class PgTransport implements FailoverTransport, AutoCloseable {
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    private static final long AWAIT_STEP_MS = 2;
    /**
     * How long a reading of the target may block past the time left to the deadline. A hung target
     * (stopped, or a network that drops packets) keeps its socket open and answers nothing: without
     * this bound a poll waited out the 120 s socket timeout with writes frozen (a 3 s deadline took
     * 121 s). Past it the reading fails and the run aborts and resumes writes.
     */
    static final Duration READ_GRACE = Duration.ofSeconds(1);
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final Duration pollInterval;
    private final Guards guards;
    private final String runName = PgRunLock.runName();
    private long startNanos = System.nanoTime();
    private final PgFreeze freeze = new PgFreeze();
    /** The run's sessions, keeper and armed stop; what connect opens and close closes. */
    private final PgRunSessions sessions;
    private long frontier = -1;
    /** The last reading of the target's durable LSN in this run, -1 before the first. */
    private long lastReading = -1;
    private OptionalLong held = OptionalLong.empty();
    private PgCommitReport report;
    /** Where the commit says its steps as it takes them (the coordinator's progress events); nowhere by default. */
    private volatile java.util.function.Consumer<String> commitSteps = step -> { };

    PgTransport(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary,
                PgNodeDefinition target, Duration pollInterval) {
        this(definition, connector, oldPrimary, target, pollInterval, Guards.NONE);
    }

    PgTransport(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary,
                PgNodeDefinition target, Duration pollInterval, Guards guards) {
        this.definition = definition;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.pollInterval = pollInterval;
        this.guards = guards;
        this.sessions = new PgRunSessions(definition, connector, oldPrimary, target, guards, runName);
    }

    /**
     * What a run adds to the bare transport.
     *
     * @param expected  the primary and term the run was planned on, checked again right before the freeze
     * @param keeperLog where a freeze keeper logs; empty: no keeper (the freeze then outlives a dead process)
     * @param lockAlso  the other reachable nodes, locked too for the run's length, so that no second run can
     *                  start from a sibling while the old primary is down during the commit
     * @param bouncers  the PgBouncers the run pauses: the keeper gets their admin consoles, so that it RESUMEs the
     *                  pools the run paused should the run die before its commit
     */
    record Guards(Optional<ExpectedPrimary> expected, Optional<Path> keeperLog, List<PgNodeDefinition> lockAlso,
                  List<BouncerDefinition> bouncers) {
        static final Guards NONE = new Guards(Optional.empty(), Optional.empty(), List.of(), List.of());

        Guards {
            lockAlso = List.copyOf(lockAlso);
            bouncers = List.copyOf(bouncers);
        }

        /** Without bouncers. */
        Guards(Optional<ExpectedPrimary> expected, Optional<Path> keeperLog, List<PgNodeDefinition> lockAlso) {
            this(expected, keeperLog, lockAlso, List.of());
        }
    }

    public PgNodeDefinition oldPrimary() {
        return oldPrimary;
    }

    public PgNodeDefinition target() {
        return target;
    }

    /**
     * What the commit did and what is left to do by hand: when the old primary could not be driven from
     * here, or, for a commit that failed part-way, the steps taken before it stopped.
     */
    public Optional<PgCommitReport> commitReport() {
        return Optional.ofNullable(report);
    }

    /**
     * Opens the sessions to the old primary and the target before the run starts, so the time
     * writes are frozen is not spent connecting; takes the run lock on both; starts the freeze keeper
     * where this host controls the primary ({@link PgRunSessions#open()}). The run's clock starts once all that is done.
     */
    void connect() throws SQLException {
        sessions.open();
        startNanos = System.nanoTime();
    }

    /**
     * Right before the run PAUSEs {@code db} on bouncer {@code bouncerId}: the keeper is told, so that it RESUMEs that
     * pool should this process die before the commit (told first, so a death during the PAUSE is covered too; a
     * RESUME of a pool that never paused changes nothing). Without a keeper, nothing.
     */
    public void keeperResumesPool(String bouncerId, String db) {
        sessions.keeperResumesPool(bouncerId, db);
    }

    /** The keeper's process id, while one was started for this run: for tests that must see it gone. */
    Optional<Long> keeperPid() {
        return Optional.ofNullable(sessions.keeper).map(KeeperProcess::pid);
    }

    /** The xid of the transaction the freeze committed (Handover's own, left out of a force's count). */
    OptionalLong freezeXid() {
        return freeze.ownXid();
    }

    @Override
    public long freezePrimary() throws TransportException {
        FaultPoint.reached("before-freeze");
        try {
            if (sessions.keeper != null) {
                sessions.keeper.check(); // no freeze without the lease that would lift it
            }
            if (sessions.control == null || sessions.control.isClosed()) {
                sessions.control = sessions.openLocked(oldPrimary);
            }
            frontier = freeze.freeze(sessions.control, oldPrimary.id(), this::lastCheckBeforeFreeze);
            FaultPoint.reached("frozen");
            return frontier;
        } catch (SQLException | KeeperProcess.LeaseLost e) {
            closeQuietly(sessions.control);
            sessions.control = null;
            String more = "";
            if (freeze.undoFailed() && sessions.keeper != null) {
                // The freeze could not undo itself: the keeper, with its own session, may still lift it.
                more = sessions.keeper.release() ? "; the freeze keeper lifted it, writes flow again" : "; the freeze keeper could "
                        + "not lift it either, see " + sessions.keeper.log();
            }
            sessions.standDownQuietly();
            throw new TransportException("freeze on " + oldPrimary.id() + " failed: " + e.getMessage() + more, e);
        }
    }

    /**
     * On the control session, right before ALTER SYSTEM: still the primary and term the run was planned on,
     * still holding the run lock; then the keeper is armed with the value the resume will restore.
     */
    private void lastCheckBeforeFreeze(Statement st, Optional<String> previous) throws SQLException {
        if (guards.expected().isPresent()) {
            long timeline = PgFreeze.timeline(st);
            Optional<String> mismatch = guards.expected().get().mismatch(List.of(new ExpectedPrimary.Seen(oldPrimary.id(), timeline)));
            if (mismatch.isPresent()) {
                throw new SQLException(mismatch.get());
            }
        }
        if (!PgRunLock.holds(sessions.control)) {
            PgRunLock.acquire(sessions.control, oldPrimary.id(), sessions.keeper == null ? 0 : sessions.keeper.backendPid());
        }
        if (sessions.keeper != null) {
            try {
                sessions.keeper.arm(previous, (int) Sql.longValue(st, "SELECT pg_backend_pid()"));
            } catch (IOException e) {
                throw new SQLException("the freeze keeper no longer listens (" + e.getMessage() + "); nothing was frozen", e);
            }
        }
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        if (sessions.keeper != null && !sessions.keeper.stoodDown()) {
            try {
                sessions.keeper.check();
            } catch (KeeperProcess.LeaseLost e) {
                throw new TransportException("the freeze lease on " + oldPrimary.id() + " is lost: " + e.getMessage(), e);
            }
        }
    }

    /** Stands the keeper down and waits for its word: after this nothing lifts the freeze but this run. */
    @Override
    public void endFreezeLease() throws TransportException {
        if (sessions.keeper != null && !sessions.keeper.stoodDown()) {
            try {
                sessions.keeper.standDown();
            } catch (KeeperProcess.LeaseLost e) {
                throw new TransportException("the freeze lease on " + oldPrimary.id() + " is lost: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void resumePrimary() throws TransportException {
        try {
            if (sessions.control == null || !sessions.control.isValid(2)) {
                closeQuietly(sessions.control);
                sessions.control = connector.open(oldPrimary, SOCKET_TIMEOUT, runName);
            }
            freeze.resume(sessions.control);
        } catch (SQLException e) {
            // Our session failed; the keeper has its own and lifts the freeze exactly as we would.
            if (sessions.keeper != null && !sessions.keeper.stoodDown() && sessions.keeper.release()) {
                return;
            }
            throw new TransportException("resume on " + oldPrimary.id() + " failed: " + e.getMessage(), e);
        } finally {
            sessions.standDownQuietly();
            close(); // the coordinator resumes only to end a run
        }
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        FaultPoint.reached("catching-up");
        sleep(pollInterval.toMillis());
        return readTarget(System.nanoTime() + READ_GRACE.toNanos());
    }

    /** Reads the target every few milliseconds, returning as soon as it covers the frontier or one poll interval passes. */
    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        FaultPoint.reached("catching-up");
        long now = System.nanoTime();
        long until = now + Math.min(maxWait.toNanos(), pollInterval.toNanos());
        long answerBy = now + Math.max(0, maxWait.toNanos()) + READ_GRACE.toNanos();
        long reached = readTarget(answerBy);
        while (reached < frontier && System.nanoTime() < until) {
            sleep(AWAIT_STEP_MS);
            reached = readTarget(answerBy);
        }
        return reached;
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        endFreezeLease(); // the coordinator ended the lease already; a direct caller must not commit under a live keeper
        PgCommit commit = new PgCommit(definition, connector, oldPrimary, target, freeze, sessions.control, sessions.targetSession, frontier,
                sessions.plan, Map.copyOf(sessions.siblingSessions), sessions.slotSession, sessions.armedStop, commitSteps);
        sessions.siblingSessions.clear(); // PgCommit closes them
        sessions.slotSession = null;
        sessions.armedStop = Optional.empty();
        try {
            report = commit.run(newTerm);
            if (lastReading >= 0 && lastReading < frontier) { // forced past the last reading
                countWhatIsHeld(newTerm);
            }
        } catch (TransportException | RuntimeException e) {
            report = commit.partial(e.getMessage()); // what was already done tells the operator where things stand
            throw e;
        } finally {
            sessions.control = null; // PgCommit owns both sessions now and closes them
            sessions.targetSession = null;
        }
    }

    @Override
    public void reportCommitStepsTo(java.util.function.Consumer<String> steps) {
        commitSteps = steps;
    }

    /** After a forced commit: where the new primary's timeline begins, i.e. how far it holds the old primary's WAL. */
    @Override
    public OptionalLong heldAtHandover() {
        return held;
    }

    /** See {@link PgHeldAtHandover}: what a commit forced past the last reading really holds. */
    private void countWhatIsHeld(long newTerm) {
        PgHeldAtHandover.read(connector, oldPrimary, target, newTerm, lastReading, frontier, report).ifPresent(h -> {
            held = OptionalLong.of(h.at());
            report = h.report();
        });
    }

    /**
     * Closes the run's sessions (releasing the run lock) and ends the keeper's lease without a word: a
     * keeper that was never armed exits, one still armed (a run abandoned while frozen) lifts the freeze.
     */
    @Override
    public void close() {
        sessions.close();
    }

    /** The target's durable LSN within {@code answerBy} ({@link PgRunSessions#readTarget}), kept as the last reading. */
    private long readTarget(long answerBy) throws TransportException {
        long lsn = sessions.readTarget(answerBy);
        lastReading = lsn;
        return lsn;
    }

    private static void sleep(long millis) throws TransportException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the target", e);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a session that is already gone
            }
        }
    }
}
