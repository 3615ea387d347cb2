package dev.handover.postgres;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.postgres.bouncer.BouncerFleet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lifting the freeze a dead run left behind, at start-up or on {@code recover --release}, only once the
 * cluster shows nothing was committed. Apart from {@link PgCluster} because it is recovery, with its own
 * refusals, not the reading and handing over the cluster does every run.
 */
final class PgStaleFreezes {
    private final PgCluster cluster;
    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final Optional<Path> keeperLog;

    PgStaleFreezes(PgCluster cluster, PgConnector connector, Optional<Path> keeperLog) {
        this.cluster = cluster;
        this.definition = cluster.definition();
        this.connector = connector;
        this.keeperLog = keeperLog;
    }

    /**
     * Start-up recovery for a console that died mid-run: PostgreSQL has no timer that could lift a
     * freeze by itself, so a reachable primary still frozen is resumed here — unless it may be a
     * deliberately fenced old primary: another node is on a later timeline (the handover committed),
     * or some node cannot be reached (it might be a promoted target). Those are kept, with the reason.
     */
    PgCluster.FreezeRelease atStartUp() throws ClusterException {
        List<PgNodeStatus> nodes = cluster.pgStatus();
        List<String> released = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> unreachable = nodes.stream().filter(n -> !n.reachable()).map(n -> n.node().id()).toList();
        for (PgNodeStatus n : nodes) {
            if (!n.isPrimary() || !n.frozen()) {
                continue;
            }
            Optional<PgNodeStatus> newer = nodes.stream().filter(o -> o.reachable() && o.timeline() > n.timeline()).findFirst();
            if (newer.isPresent()) {
                kept.add(n.node().id() + ": " + newer.get().node().id() + " is on a later timeline (" + newer.get().timeline()
                        + " > " + n.timeline() + "), so " + n.node().id() + " is a fenced old primary; demote it, do not resume it");
            } else if (!unreachable.isEmpty()) {
                kept.add(n.node().id() + ": " + String.join(", ", unreachable) + " cannot be reached and might have been "
                        + "promoted; check before resuming writes");
            } else {
                try (Connection c = connector.open(n.node(), PgCluster.STATUS_SOCKET_TIMEOUT, PgRunLock.runName())) {
                    // A live run (another console, another machine) or a keeper at work owns this freeze.
                    PgRunLock.acquire(c, n.node().id(), 0);
                    new PgFreeze().resume(c);
                    released.add(n.node().id());
                } catch (PgRunLock.Held e) {
                    kept.add(n.node().id() + ": " + e.getMessage());
                } catch (SQLException e) {
                    throw new ClusterException("could not resume writes on " + n.node().id() + ": " + e.getMessage(), e);
                }
            }
        }
        return new PgCluster.FreezeRelease(released, kept);
    }

    /**
     * Lifts the freeze {@code run} left on its old primary, as start-up recovery does, once the cluster
     * shows that nothing was committed: every node reachable, none on a timeline later than the run's
     * term, the old primary still primary on that timeline, the target still a standby, and no other run
     * or keeper holding the run lock. Otherwise refuses, naming what to check.
     */
    StaleFreezeRelease.Result release(StaleFreezeRelease.StaleRun run) throws ClusterException {
        PgNodeDefinition primaryNode = definition.node(run.primary()).orElseThrow(() -> new ClusterException(
                definition.fileName() + " has no node " + run.primary() + " (the run's old primary)"));
        List<PgNodeStatus> nodes = cluster.pgStatus();
        List<String> refused = new ArrayList<>();
        for (PgNodeStatus n : nodes) {
            if (!n.reachable()) {
                refused.add(n.node().id() + " cannot be reached (" + n.error().get() + "): it might have been promoted; "
                        + "check it, then retry");
            } else if (n.timeline() > run.term()) {
                refused.add(n.node().id() + " is on timeline " + n.timeline() + ", later than the run's term " + run.term()
                        + ": a commit happened, so " + run.primary() + " may be a fenced old primary; demote it, do not resume it");
            }
        }
        PgNodeStatus primary = nodes.stream().filter(n -> n.node().id().equals(run.primary())).findFirst().orElseThrow();
        if (primary.reachable() && primary.inRecovery()) {
            refused.add(run.primary() + " is a standby now: roles changed since the run; check them (handover status)");
        } else if (primary.reachable() && primary.timeline() < run.term()) {
            refused.add(run.primary() + " writes on timeline " + primary.timeline() + ", not the run's term " + run.term()
                    + "; check roles (handover status)");
        }
        Optional<PgNodeStatus> target = nodes.stream().filter(n -> n.node().id().equals(run.target())).findFirst();
        if (target.isEmpty()) {
            refused.add(definition.fileName() + " has no node " + run.target() + " (the run's target): check it by hand");
        } else if (target.get().reachable() && !target.get().inRecovery()) {
            refused.add("the run's target " + run.target() + " is not in recovery (it was promoted): " + run.primary()
                    + " may be a fenced old primary; check roles");
        }
        if (!refused.isEmpty()) {
            return new StaleFreezeRelease.Result.Refused(refused);
        }
        try (Connection c = connector.open(primaryNode, PgCluster.STATUS_SOCKET_TIMEOUT, PgRunLock.runName())) {
            PgRunLock.acquire(c, run.primary(), 0);
            if (!PgFreeze.isFrozen(c)) {
                PgFreeze.reload(c); // a resume cut short between its ALTER SYSTEM and its reload leaves the server frozen
                return new StaleFreezeRelease.Result.AlreadyWritable(run.primary(), run.primary() + " is not frozen: "
                        + "it already takes writes (resumed by hand, or by the run's freeze keeper; see " + keeperLog
                        .map(Path::toString).orElse("its log") + "); the configuration was reloaded in case a resume was "
                        + "cut short before its reload" + bouncersBackTo(primaryNode));
            }
            new PgFreeze().resume(c);
            return new StaleFreezeRelease.Result.Released(run.primary(), "writes resumed on " + run.primary() + " ("
                    + PgFreeze.SETTING + " reset in postgresql.auto.conf, configuration reloaded); no node was on a timeline "
                    + "later than " + run.term() + " and " + run.target() + " was still a standby" + bouncersBackTo(primaryNode));
        } catch (PgRunLock.Held e) {
            return new StaleFreezeRelease.Result.Refused(List.of(e.getMessage().replace("Nothing was frozen", "Nothing was released")));
        } catch (SQLException e) {
            throw new ClusterException("could not release the freeze on " + run.primary() + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a dead run's freeze is lifted (or found lifted): every PgBouncer pointed at {@code primary}, checked
     * through, and resumed; said as a sentence to append, empty without bouncers.
     */
    private String bouncersBackTo(PgNodeDefinition primary) {
        if (definition.bouncers().isEmpty()) {
            return "";
        }
        BouncerFleet fleet = cluster.bouncers();
        BouncerFleet.Resumed r = fleet.recoverTo(primary.id(), primary.host(), primary.port());
        List<String> failed = fleet.checks().stream().filter(ch -> !ch.ok()).map(ch -> ch.what() + ": " + ch.seen()).toList();
        return ". PgBouncer: routed to " + primary.id() + (failed.isEmpty() ? " (checked through each)" : "; FAILED: "
                + String.join("; ", failed)) + (r.text().isEmpty() ? "; none was paused" : "; " + r.text());
    }
}
