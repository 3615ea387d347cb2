package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 */
public final class PgTransport implements FailoverTransport, AutoCloseable {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
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
    private Connection control;
    private Connection targetSession;
    private KeeperProcess keeper;
    private final List<Connection> siblingLocks = new java.util.ArrayList<>();
    private long frontier = -1;
    /** The last reading of the target's durable LSN in this run, -1 before the first. */
    private long lastReading = -1;
    private OptionalLong held = OptionalLong.empty();
    private PgCommitReport report;
    private PgPlan plan;
    /** Opened before the freeze, so re-pointing the siblings inside it costs no logins. */
    private final Map<String, Connection> siblingSessions = new HashMap<>();
    private Connection slotSession;
    /** The old primary's fast-shutdown signal, readied before the freeze; stood down unless a commit sends it. */
    private Optional<ArmedSignal> armedStop = Optional.empty();
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
     * where this host controls the primary. The run's clock starts once all that is done.
     */
    void connect() throws SQLException {
        try {
            control = openLocked(oldPrimary);
            targetSession = openLocked(target);
            for (PgNodeDefinition sibling : guards.lockAlso()) {
                siblingLocks.add(openLocked(sibling));
            }
            if (oldPrimary.local().isPresent()) {
                checkLocalControl(oldPrimary.local().get());
            }
            plan = PgPlan.read(definition, connector, oldPrimary, target, control, targetSession);
            openSiblingSessions();
            checkpoint();
            armStop();
            if (guards.keeperLog().isPresent()) {
                try {
                    keeper = KeeperProcess.start(connector, oldPrimary, target, guards.bouncers(), PgRunLock.who(),
                            guards.keeperLog().get());
                } catch (IOException | RuntimeException e) {
                    throw new SQLException("the freeze keeper, which lifts the freeze should this process die, could "
                            + "not be started: " + e.getMessage() + ". Nothing was frozen", e);
                }
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        startNanos = System.nanoTime();
    }

    /** A session of this run, with the run lock taken on it (a session reopened mid-run takes it again). */
    private Connection openLocked(PgNodeDefinition node) throws SQLException {
        Connection c = connector.open(node, SOCKET_TIMEOUT, runName);
        try {
            PgRunLock.acquire(c, node.id(), keeper == null ? 0 : keeper.backendPid());
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Right before the run PAUSEs {@code db} on bouncer {@code bouncerId}: the keeper is told, so that it RESUMEs that
     * pool should this process die before the commit (told first, so a death during the PAUSE is covered too; a
     * RESUME of a pool that never paused changes nothing). Without a keeper, nothing.
     */
    public void keeperResumesPool(String bouncerId, String db) {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.pool(bouncerId, db);
            } catch (IOException e) {
                // the keeper is gone: the freeze that follows finds its lease lost and resumes the pools itself
            }
        }
    }

    /** The keeper's process id, while one was started for this run: for tests that must see it gone. */
    Optional<Long> keeperPid() {
        return Optional.ofNullable(keeper).map(KeeperProcess::pid);
    }

    private void openSiblingSessions() {
        try {
            slotSession = connector.open(target, SOCKET_TIMEOUT);
        } catch (SQLException e) {
            slotSession = null; // slots are then created after the promotion, on the main session
        }
        for (PgNodeDefinition n : definition.nodes()) {
            if (!n.id().equals(oldPrimary.id()) && !n.id().equals(target.id())) {
                try {
                    siblingSessions.put(n.id(), connector.open(n, SOCKET_TIMEOUT));
                } catch (SQLException e) {
                    // an unreachable sibling is tried again after the promotion, and named if it still fails
                }
            }
        }
    }

    /**
     * A checkpoint now, while writes still flow, so the shutdown checkpoint of the commit (inside the
     * write freeze) has only the buffers dirtied since to write: it shortens the freeze, not the run.
     */
    private void checkpoint() throws SQLException {
        try (var st = control.createStatement()) {
            st.execute("CHECKPOINT");
        }
    }

    /**
     * Readies the old primary's shutdown signal where this host controls it, so the commit sends it
     * without starting a process inside the freeze. Without it the commit starts kill or pg_ctl then.
     */
    private void armStop() {
        if (oldPrimary.local().isEmpty()) {
            return;
        }
        try {
            armedStop = new PgCtl(oldPrimary.id(), oldPrimary.local().get()).armFastStop();
        } catch (IOException e) {
            armedStop = Optional.empty(); // costs the commit a few milliseconds, nothing else
        }
    }

    /** The commit will stop the server in {@code local.dataDir}: it had better be the one we are talking to. */
    private void checkLocalControl(LocalControl local) throws SQLException {
        String running;
        try (var st = control.createStatement(); var rs = st.executeQuery("SHOW data_directory")) {
            rs.next();
            running = rs.getString(1);
        }
        if (!samePath(Path.of(running), local.dataDir())) {
            throw new SQLException("local.dataDir of " + oldPrimary.id() + " is " + local.dataDir() + " but the server at "
                    + oldPrimary.addr() + " runs from " + running + "; fix the cluster definition");
        }
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }

    /** The xid of the transaction the freeze committed (Handover's own, left out of a force's count). */
    OptionalLong freezeXid() {
        return freeze.ownXid();
    }

    @Override
    public long freezePrimary() throws TransportException {
        FaultPoint.reached("before-freeze");
        try {
            if (keeper != null) {
                keeper.check(); // no freeze without the lease that would lift it
            }
            if (control == null || control.isClosed()) {
                control = openLocked(oldPrimary);
            }
            frontier = freeze.freeze(control, oldPrimary.id(), this::lastCheckBeforeFreeze);
            FaultPoint.reached("frozen");
            return frontier;
        } catch (SQLException | KeeperProcess.LeaseLost e) {
            closeQuietly(control);
            control = null;
            String more = "";
            if (freeze.undoFailed() && keeper != null) {
                // The freeze could not undo itself: the keeper, with its own session, may still lift it.
                more = keeper.release() ? "; the freeze keeper lifted it, writes flow again" : "; the freeze keeper could "
                        + "not lift it either, see " + keeper.log();
            }
            standDownQuietly();
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
        if (!PgRunLock.holds(control)) {
            PgRunLock.acquire(control, oldPrimary.id(), keeper == null ? 0 : keeper.backendPid());
        }
        if (keeper != null) {
            try {
                keeper.arm(previous, (int) Sql.longValue(st, "SELECT pg_backend_pid()"));
            } catch (IOException e) {
                throw new SQLException("the freeze keeper no longer listens (" + e.getMessage() + "); nothing was frozen", e);
            }
        }
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.check();
            } catch (KeeperProcess.LeaseLost e) {
                throw new TransportException("the freeze lease on " + oldPrimary.id() + " is lost: " + e.getMessage(), e);
            }
        }
    }

    /** Stands the keeper down and waits for its word: after this nothing lifts the freeze but this run. */
    @Override
    public void endFreezeLease() throws TransportException {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.standDown();
            } catch (KeeperProcess.LeaseLost e) {
                throw new TransportException("the freeze lease on " + oldPrimary.id() + " is lost: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void resumePrimary() throws TransportException {
        try {
            if (control == null || !control.isValid(2)) {
                closeQuietly(control);
                control = connector.open(oldPrimary, SOCKET_TIMEOUT, runName);
            }
            freeze.resume(control);
        } catch (SQLException e) {
            // Our session failed; the keeper has its own and lifts the freeze exactly as we would.
            if (keeper != null && !keeper.stoodDown() && keeper.release()) {
                return;
            }
            throw new TransportException("resume on " + oldPrimary.id() + " failed: " + e.getMessage(), e);
        } finally {
            standDownQuietly();
            close(); // the coordinator resumes only to end a run
        }
    }

    private void standDownQuietly() {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.standDown();
            } catch (KeeperProcess.LeaseLost e) {
                // it lifted the freeze or is gone: either way it holds nothing any more
            }
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
        PgCommit commit = new PgCommit(definition, connector, oldPrimary, target, freeze, control, targetSession, frontier,
                plan, Map.copyOf(siblingSessions), slotSession, armedStop, commitSteps);
        siblingSessions.clear(); // PgCommit closes them
        slotSession = null;
        armedStop = Optional.empty();
        try {
            report = commit.run(newTerm);
            if (lastReading >= 0 && lastReading < frontier) { // forced past the last reading
                countWhatIsHeld(newTerm);
            }
        } catch (TransportException | RuntimeException e) {
            report = commit.partial(e.getMessage()); // what was already done tells the operator where things stand
            throw e;
        } finally {
            control = null; // PgCommit owns both sessions now and closes them
            targetSession = null;
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

    /**
     * A commit forced past the last reading may still carry more: the old primary's clean shutdown sends
     * its WAL to every connected standby, the lagging target included, before it is promoted (and a
     * partial record at the end of what was received is dropped). The new timeline's switch point says
     * what the new primary really holds; the coordinator counts the skipped LSNs from it, and the
     * report says how it differs from the reading.
     */
    private void countWhatIsHeld(long newTerm) {
        try (Connection c = connector.open(target, SOCKET_TIMEOUT); var st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(newTerm) + "')")) {
            rs.next();
            OptionalLong fork = TimelineHistory.switchPoint(rs.getString(1), newTerm - 1);
            if (fork.isEmpty()) {
                return;
            }
            held = fork;
            long h = fork.getAsLong();
            List<dev.handover.cluster.AfterRun.Step> steps = new ArrayList<>(report.steps());
            steps.add(new dev.handover.cluster.AfterRun.Step(Optional.empty(), target.id() + "'s timeline " + newTerm
                    + " begins at " + Lsn.format(h) + ": it holds "
                    + oldPrimary.id() + "'s WAL up to there (the last reading before the commit was "
                    + Lsn.format(lastReading) + "), so " + (h >= frontier ? "nothing below the frontier "
                    + Lsn.format(frontier) + " was skipped" : PgPositions.INSTANCE.amount(frontier - h)
                    + " below the frontier " + Lsn.format(frontier) + " were skipped")));
            report = new PgCommitReport(steps, report.remaining(), report.rewound());
        } catch (SQLException e) {
            // the coordinator keeps counting from the last reading
        }
    }

    /**
     * Closes the run's sessions (releasing the run lock) and ends the keeper's lease without a word: a
     * keeper that was never armed exits, one still armed (a run abandoned while frozen) lifts the freeze.
     */
    @Override
    public void close() {
        armedStop.ifPresent(ArmedSignal::close);
        armedStop = Optional.empty();
        siblingSessions.values().forEach(PgTransport::closeQuietly);
        siblingSessions.clear();
        closeQuietly(slotSession);
        slotSession = null;
        closeQuietly(control);
        closeQuietly(targetSession);
        control = null;
        targetSession = null;
        siblingLocks.forEach(PgTransport::closeQuietly);
        siblingLocks.clear();
        if (keeper != null) {
            keeper.close();
        }
    }

    /**
     * The target's durable LSN, failing if it has not answered by {@code answerBy} (nanoTime). The
     * session's socket timeout is put back afterwards: the commit reuses it for slower work.
     */
    private long readTarget(long answerBy) throws TransportException {
        int boundMs = (int) Math.max(1, Math.min(SOCKET_TIMEOUT.toMillis(), (answerBy - System.nanoTime()) / 1_000_000));
        try {
            if (targetSession == null) {
                targetSession = openLocked(target);
            }
            targetSession.setNetworkTimeout(DIRECT, boundMs);
            long lsn = PgStatusReader.durableLsn(targetSession);
            targetSession.setNetworkTimeout(DIRECT, (int) SOCKET_TIMEOUT.toMillis());
            lastReading = lsn;
            return lsn;
        } catch (SQLException e) {
            closeQuietly(targetSession);
            targetSession = null;
            String why = timedOut(e) ? target.id() + " did not answer within " + boundMs + " ms (hung, or unreachable "
                    + "without a reset)" : e.getMessage();
            throw new TransportException("reading the durable LSN of " + target.id() + " failed: " + why, e);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
