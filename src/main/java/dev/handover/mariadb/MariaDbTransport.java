package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.FaultPoint;
import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands the primary role of a MariaDB GTID cluster to one target. Positions are the seq of the
 * cluster's single GTID domain. The freeze is {@link MariaDbFreeze}; the term is {@link MariaDbTerm},
 * checked at the freeze (before anything changes) and again at the commit.
 */
public final class MariaDbTransport implements FailoverTransport {
    private final MariaDbClusterDefinition definition;
    private final Map<String, MariaDbConnector> connectors;
    private final String targetId;
    private final long expectedTerm;
    private final Duration pollInterval;
    private final Duration leaseTime;
    private final long started = System.nanoTime();
    private MariaDbFreeze freeze;
    private String oldPrimaryId;
    private String frontierPos = "";
    private Connection targetSession;
    private OptionalLong heldAt = OptionalLong.empty();
    private MariaDbCommitReport report;

    MariaDbTransport(MariaDbClusterDefinition definition, Map<String, MariaDbConnector> connectors, String targetId,
                     long expectedTerm, Duration pollInterval, Duration leaseTime) {
        this.definition = definition;
        this.connectors = connectors;
        this.targetId = targetId;
        this.expectedTerm = expectedTerm;
        this.pollInterval = pollInterval;
        this.leaseTime = leaseTime;
    }

    @Override
    public long freezePrimary() throws TransportException {
        FaultPoint.reached("before-freeze");
        oldPrimaryId = findPrimary();
        try {
            freeze = MariaDbFreeze.take(connectors.get(oldPrimaryId), leaseTime, Duration.ofSeconds(5));
        } catch (MariaDbFreeze.RunLockHeld e) {
            throw new TransportException(oldPrimaryId + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new TransportException("could not freeze " + oldPrimaryId + " (FLUSH TABLES WITH READ LOCK): "
                    + e.getMessage() + "; nothing was frozen", e);
        }
        try {
            // Fencing before anything changes: a run planned under an older term is refused here.
            long held = MariaDbTerm.read(freeze.session());
            if (held != expectedTerm) {
                throw new TransportException("fenced: " + oldPrimaryId + " holds term " + held + ", the run was planned"
                        + " under term " + expectedTerm + "; another handover happened since: read the status again");
            }
            frontierPos = freeze.binlogPos();
            FaultPoint.reached("frozen");
            return Gtid.seqOf(frontierPos);
        } catch (SQLException | Gtid.MultiDomainException | TransportException e) {
            undoFreeze();
            if (e instanceof TransportException t) {
                throw t;
            }
            throw new TransportException("froze " + oldPrimaryId + " but could not read its frontier (writes resumed): "
                    + e.getMessage(), e);
        }
    }

    private void undoFreeze() {
        try {
            freeze.release();
        } catch (SQLException ignored) {
            // closing the session below drops the lock anyway
        }
        freeze.close();
        freeze = null;
    }

    @Override
    public void resumePrimary() throws TransportException {
        if (freeze == null) {
            return;
        }
        try {
            freeze.release();
        } catch (SQLException e) {
            throw new TransportException("could not UNLOCK TABLES on " + oldPrimaryId + "; its session is closed next,"
                    + " which drops the lock: check writes flow on " + oldPrimaryId + ": " + e.getMessage(), e);
        } finally {
            freeze.close();
            freeze = null;
            closeTarget();
        }
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        FaultPoint.reached("catching-up");
        LockSupport.parkNanos(pollInterval.toNanos());
        return readTarget();
    }

    /** A long poll: MASTER_GTID_WAIT returns the moment the target applied the frozen frontier. */
    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        FaultPoint.reached("catching-up");
        if (!maxWait.isZero() && !frontierPos.isEmpty()) {
            try {
                // One wait lasts at most one poll interval (PollRule: the lease must outlive it; the coordinator
                // renews it between waits and asks again), and stays below the session's socket timeout.
                long millis = Math.min(Math.min(maxWait.toMillis(), pollInterval.toMillis()), 10_000);
                double seconds = Math.max(0.001, millis / 1000.0);
                Sql.string(target(), "SELECT MASTER_GTID_WAIT(" + Sql.quote(frontierPos) + ", " + seconds + ")");
            } catch (SQLException e) {
                closeTarget();
                throw new TransportException("could not wait on " + targetId + ": " + e.getMessage(), e);
            }
        }
        return readTarget();
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        try {
            freeze.renew();
        } catch (SQLException e) {
            throw new TransportException("the freeze on " + oldPrimaryId + " lapsed (its session ended): writes flow"
                    + " again: " + e.getMessage(), e);
        }
    }

    @Override
    public void endFreezeLease() throws TransportException {
        try {
            freeze.holdForCommit();
        } catch (SQLException e) {
            throw new TransportException("the freeze on " + oldPrimaryId + " lapsed before the commit: " + e.getMessage(), e);
        }
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        long commitStart = System.nanoTime();
        List<AfterRun.Step> done = new ArrayList<>();
        MariaDbNodeDefinition target = definition.node(targetId).orElseThrow();
        String refused;
        try {
            long targetTerm = MariaDbTerm.read(target());
            String fenced = targetTerm != newTerm - 1 ? null : MariaDbCommit.fenceOldPrimary(freeze);
            if (fenced == null) {
                refused = "fenced: target " + targetId + " holds term " + targetTerm + ", expected " + (newTerm - 1);
            } else if (!fenced.equals(frontierPos)) {
                refused = oldPrimaryId + " moved past its frozen frontier (" + frontierPos + " -> " + fenced
                        + ") under the freeze";
            } else {
                refused = null;
            }
        } catch (SQLException e) {
            refused = "could not fence " + oldPrimaryId + " before the commit: " + e.getMessage();
        }
        if (refused != null) {
            // Nothing changed roles yet: the coordinator cannot know that and would leave writes frozen,
            // so the freeze (and the read_only the fencing may have set) is undone here.
            throw new TransportException(refused + "; nothing committed, " + undoBeforeCommit());
        }
        done.add(step(commitStart, oldPrimaryId + " fenced under the freeze: read_only=1, its client sessions ended, binlog still at "
                + frontierPos));
        FaultPoint.reached("mariadb-after-fence");
        String applied;
        try {
            applied = MariaDbCommit.promote(target(), newTerm, targetId);
            heldAt = OptionalLong.of(Gtid.seqOf(applied));
        } catch (SQLException | Gtid.MultiDomainException e) {
            throw new TransportException("promoting " + targetId + " failed part-way; " + oldPrimaryId
                    + " stays read-only and frozen: check " + targetId + " (SHOW ALL SLAVES STATUS, @@read_only): "
                    + e.getMessage(), e);
        }
        done.add(step(commitStart, "promoted " + targetId + ": replication stopped at " + applied + ", RESET SLAVE ALL, term "
                + newTerm + " written, read_only=0"));
        FaultPoint.reached("mariadb-after-promotion");
        List<String> problems = new ArrayList<>();
        String password = connectors.get(targetId).password();
        try {
            freeze.release(); // read_only=1 and its sessions ended: the old primary stays fenced without the lock
            MariaDbCommit.follow(freeze.session(), target, password, true);
            done.add(step(commitStart, oldPrimaryId + " unlocked and re-pointed at " + targetId
                    + " (MASTER_USE_GTID=slave_pos, MASTER_DEMOTE_TO_SLAVE=1), replication started"));
        } catch (SQLException e) {
            problems.add(oldPrimaryId + " could not be re-pointed at " + targetId + " (" + e.getMessage()
                    + "): it stays read_only; CHANGE MASTER TO it by hand, or `handover recover --repair`");
        } finally {
            freeze.close();
            freeze = null;
        }
        FaultPoint.reached("re-pointing"); // the fault campaign: the old primary re-pointed, the siblings not yet
        for (MariaDbNodeDefinition n : definition.nodes()) {
            if (n.id().equals(targetId) || n.id().equals(oldPrimaryId)) {
                continue;
            }
            try (Connection c = connectors.get(n.id()).open()) {
                MariaDbCommit.follow(c, target, password, false);
                done.add(step(commitStart, n.id() + " re-pointed at " + targetId + ", replication started"));
            } catch (SQLException e) {
                problems.add(n.id() + " could not be re-pointed at " + targetId + " (" + e.getMessage()
                        + "): CHANGE MASTER TO it by hand, or `handover recover --repair`");
            }
        }
        report = new MariaDbCommitReport(targetId, oldPrimaryId, frontierPos, applied, done, problems);
        closeTarget();
    }

    private static AfterRun.Step step(long since, String text) {
        return new AfterRun.Step(Optional.of(Duration.ofNanos(System.nanoTime() - since)), text);
    }

    @Override
    public OptionalLong heldAtHandover() {
        return heldAt;
    }

    /** What the commit did; empty before a commit. What the nodes show afterwards is {@link MariaDbAfterRun}'s to read. */
    public Optional<MariaDbCommitReport> commitReport() {
        return Optional.ofNullable(report);
    }

    /** Writes back on the old primary as they were before the run: read_only=0 (it was a primary), lock dropped. */
    private String undoBeforeCommit() {
        try {
            Sql.exec(freeze.session(), "SET GLOBAL read_only = 0");
            freeze.release();
            return "writes resumed on " + oldPrimaryId;
        } catch (SQLException e) {
            return "and resuming writes on " + oldPrimaryId + " failed (" + e.getMessage()
                    + "): check @@read_only there; its freeze session is closed, which drops the lock";
        } finally {
            freeze.close();
            freeze = null;
            closeTarget();
        }
    }

    private String findPrimary() throws TransportException {
        List<String> primaries = new ArrayList<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                if (MariaDbNodeState.read(c).isPrimary()) {
                    primaries.add(n.id());
                }
            } catch (SQLException e) {
                // an unreachable node is not the primary we can freeze
            }
        }
        if (primaries.size() != 1) {
            throw new TransportException("expected exactly one primary (read_only=0, no replication source), found "
                    + (primaries.isEmpty() ? "none" : String.join(", ", primaries)) + "; nothing frozen");
        }
        if (primaries.get(0).equals(targetId)) {
            throw new TransportException("target " + targetId + " is already the primary; nothing frozen");
        }
        return primaries.get(0);
    }

    private Connection target() throws SQLException {
        if (targetSession == null || targetSession.isClosed()) {
            targetSession = connectors.get(targetId).open();
        }
        return targetSession;
    }

    private long readTarget() throws TransportException {
        try {
            return Gtid.seqOf(Sql.string(target(), "SELECT @@global.gtid_slave_pos"));
        } catch (SQLException | Gtid.MultiDomainException e) {
            closeTarget();
            throw new TransportException("could not read " + targetId + "'s applied GTID position: " + e.getMessage(), e);
        }
    }

    private void closeTarget() {
        if (targetSession != null) {
            try {
                targetSession.close();
            } catch (SQLException ignored) {
                // nothing to keep
            }
            targetSession = null;
        }
    }
}
