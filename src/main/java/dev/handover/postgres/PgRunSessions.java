package dev.handover.postgres;

import dev.handover.core.TransportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions and helpers one {@link PgTransport} run holds from before its freeze to its end: the control
 * session to the old primary, the target session, the run lock on the siblings, the sessions the commit
 * re-points them over, the armed stop signal and the freeze keeper. Apart from the transport because opening
 * them all (and closing every one, whatever failed) is its own job; the transport drives the run over them.
 * Not thread-safe: the coordinator's one run thread uses it, as it does the transport. The fields are
 * package-private because the transport hands them to the commit, which then owns and closes them.
 */
final class PgRunSessions {
    private static final Duration SOCKET_TIMEOUT = PgTransport.SOCKET_TIMEOUT;
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgTransport.Guards guards;
    private final String runName;
    Connection control;
    Connection targetSession;
    KeeperProcess keeper;
    final List<Connection> siblingLocks = new java.util.ArrayList<>();
    PgPlan plan;
    /** Opened before the freeze, so re-pointing the siblings inside it costs no logins. */
    final Map<String, Connection> siblingSessions = new HashMap<>();
    Connection slotSession;
    /** The old primary's fast-shutdown signal, readied before the freeze; stood down unless a commit sends it. */
    Optional<ArmedSignal> armedStop = Optional.empty();

    PgRunSessions(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary,
                  PgNodeDefinition target, PgTransport.Guards guards, String runName) {
        this.definition = definition;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.guards = guards;
        this.runName = runName;
    }

    /**
     * Opens the sessions to the old primary and the target before the run starts, so the time
     * writes are frozen is not spent connecting; takes the run lock on both; starts the freeze keeper
     * where this host controls the primary. The run's clock starts once all that is done.
     */
    void open() throws SQLException {
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
    }

    /** A session of this run, with the run lock taken on it (a session reopened mid-run takes it again). */
    Connection openLocked(PgNodeDefinition node) throws SQLException {
        Connection c = connector.open(node, SOCKET_TIMEOUT, runName);
        try {
            PgRunLock.acquire(c, node.id(), keeper == null ? 0 : keeper.backendPid());
            return c;
        } catch (SQLException e) {
            PgTransport.closeQuietly(c);
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

    /**
     * Closes the run's sessions (releasing the run lock) and ends the keeper's lease without a word: a
     * keeper that was never armed exits, one still armed (a run abandoned while frozen) lifts the freeze.
     */
    void close() {
        armedStop.ifPresent(ArmedSignal::close);
        armedStop = Optional.empty();
        siblingSessions.values().forEach(PgTransport::closeQuietly);
        siblingSessions.clear();
        PgTransport.closeQuietly(slotSession);
        slotSession = null;
        PgTransport.closeQuietly(control);
        PgTransport.closeQuietly(targetSession);
        control = null;
        targetSession = null;
        siblingLocks.forEach(PgTransport::closeQuietly);
        siblingLocks.clear();
        if (keeper != null) {
            keeper.close();
        }
    }

    void keeperResumesPool(String bouncerId, String db) {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.pool(bouncerId, db);
            } catch (IOException e) {
                // the keeper is gone: the freeze that follows finds its lease lost and resumes the pools itself
            }
        }
    }

    /** Stands the keeper down without waiting on its failures: it lifted the freeze or is gone either way. */
    void standDownQuietly() {
        if (keeper != null && !keeper.stoodDown()) {
            try {
                keeper.standDown();
            } catch (KeeperProcess.LeaseLost e) {
                // it lifted the freeze or is gone: either way it holds nothing any more
            }
        }
    }

    /**
     * The target's durable LSN, failing if it has not answered by {@code answerBy} (nanoTime). The
     * session's socket timeout is put back afterwards: the commit reuses it for slower work.
     */
    long readTarget(long answerBy) throws TransportException {
        int boundMs = (int) Math.max(1, Math.min(SOCKET_TIMEOUT.toMillis(), (answerBy - System.nanoTime()) / 1_000_000));
        try {
            if (targetSession == null) {
                targetSession = openLocked(target);
            }
            targetSession.setNetworkTimeout(DIRECT, boundMs);
            long lsn = PgStatusReader.durableLsn(targetSession);
            targetSession.setNetworkTimeout(DIRECT, (int) SOCKET_TIMEOUT.toMillis());
            return lsn;
        } catch (SQLException e) {
            PgTransport.closeQuietly(targetSession);
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
}
