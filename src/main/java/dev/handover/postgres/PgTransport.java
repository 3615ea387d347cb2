package dev.handover.postgres;

import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Drives one switchover on a real PostgreSQL cluster for the coordinator: freeze and resume on the
 * old primary ({@link PgFreeze}), the target's durable LSN for polling, and the commit
 * ({@link PgCommit}). Elapsed time is wall time from {@link System#nanoTime()}: this room is I/O.
 *
 * <p>Polling reads {@code pg_last_wal_receive_lsn()} on the target itself: the WAL it has received
 * and flushed to its own disk, in its own words. The primary's {@code pg_stat_replication.flush_lsn}
 * means the same but is second-hand and late by a feedback message, and it is gone once the old
 * primary is shut down, which the commit needs to check after.
 */
public final class PgTransport implements FailoverTransport, AutoCloseable {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    private static final long AWAIT_STEP_MS = 2;

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final Duration pollInterval;
    private final long startNanos = System.nanoTime();
    private final PgFreeze freeze = new PgFreeze();
    private Connection control;
    private Connection targetSession;
    private long frontier = -1;
    private PgCommitReport report;
    private PgPlan plan;
    /** Opened before the freeze, so re-pointing the siblings inside it costs no logins. */
    private final Map<String, Connection> siblingSessions = new HashMap<>();
    private Connection slotSession;

    PgTransport(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary,
                PgNodeDefinition target, Duration pollInterval) {
        this.definition = definition;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.pollInterval = pollInterval;
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
     * writes are frozen is not spent connecting.
     */
    void connect() throws SQLException {
        try {
            control = connector.open(oldPrimary, SOCKET_TIMEOUT);
            targetSession = connector.open(target, SOCKET_TIMEOUT);
            if (oldPrimary.local().isPresent()) {
                checkLocalControl(oldPrimary.local().get());
            }
            plan = PgPlan.read(definition, connector, oldPrimary, target, control, targetSession);
            openSiblingSessions();
            checkpoint();
        } catch (SQLException e) {
            close();
            throw e;
        }
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

    @Override
    public long freezePrimary() throws TransportException {
        try {
            if (control == null || control.isClosed()) {
                control = connector.open(oldPrimary, SOCKET_TIMEOUT);
            }
            frontier = freeze.freeze(control, oldPrimary.id());
            return frontier;
        } catch (SQLException e) {
            closeQuietly(control);
            control = null;
            throw new TransportException("freeze on " + oldPrimary.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void resumePrimary() throws TransportException {
        try {
            if (control == null || !control.isValid(2)) {
                closeQuietly(control);
                control = connector.open(oldPrimary, SOCKET_TIMEOUT);
            }
            freeze.resume(control);
        } catch (SQLException e) {
            throw new TransportException("resume on " + oldPrimary.id() + " failed: " + e.getMessage(), e);
        } finally {
            close(); // the coordinator resumes only to end a run
        }
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        sleep(pollInterval.toMillis());
        return readTarget();
    }

    /** Reads the target every few milliseconds, returning as soon as it covers the frontier or one poll interval passes. */
    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        long until = System.nanoTime() + Math.min(maxWait.toNanos(), pollInterval.toNanos());
        long reached = readTarget();
        while (reached < frontier && System.nanoTime() < until) {
            sleep(AWAIT_STEP_MS);
            reached = readTarget();
        }
        return reached;
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        PgCommit commit = new PgCommit(definition, connector, oldPrimary, target, freeze, control, targetSession, frontier,
                plan, Map.copyOf(siblingSessions), slotSession);
        siblingSessions.clear(); // PgCommit closes them
        slotSession = null;
        try {
            report = commit.run(newTerm);
        } catch (TransportException | RuntimeException e) {
            report = commit.partial(e.getMessage()); // what was already done tells the operator where things stand
            throw e;
        } finally {
            control = null; // PgCommit owns both sessions now and closes them
            targetSession = null;
        }
    }

    @Override
    public void close() {
        siblingSessions.values().forEach(PgTransport::closeQuietly);
        siblingSessions.clear();
        closeQuietly(slotSession);
        slotSession = null;
        closeQuietly(control);
        closeQuietly(targetSession);
        control = null;
        targetSession = null;
    }

    private long readTarget() throws TransportException {
        try {
            if (targetSession == null) {
                targetSession = connector.open(target, SOCKET_TIMEOUT);
            }
            return PgStatusReader.durableLsn(targetSession);
        } catch (SQLException e) {
            closeQuietly(targetSession);
            targetSession = null;
            throw new TransportException("reading the durable LSN of " + target.id() + " failed: " + e.getMessage(), e);
        }
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
