package dev.handover.postgres;

import dev.handover.cluster.TopologyCheck;
import dev.handover.postgres.bouncer.BouncerDefinition;
import dev.handover.postgres.bouncer.BouncerFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the freeze keeper does when its run's process died after {@code stand-down}, i.e. once the commit had begun:
 * the pools the run paused would otherwise wait for a DBA. For a bounded time it looks at the old primary and the
 * target, each time in fresh sessions, and acts only when exactly one of them is verified a primary taking writes
 * (not in recovery, {@code transaction_read_only} off) while the other is verified not to (reachable and in recovery
 * or read-only, or stopped on this host: no live postmaster for its data directory). An unreachable node that is not
 * stopped here may be a writer nobody sees, so nothing is resumed then. The pools are pointed at that node (the
 * target) or left where they route (the old primary, which the commit had not yet stopped), checked through each
 * pool's check entry, and RESUMEd only when that check sees the node take writes; see
 * {@link BouncerFleet#resumeIfWritable}. Otherwise they stay PAUSED, said loudly in the keeper's log.
 */
final class KeeperAfterCommit {
    /** How long the keeper waits for a single writable node: a promotion under way ends within seconds. */
    static final Duration WATCH_FOR = Duration.ofSeconds(60);
    private static final Duration EVERY = Duration.ofMillis(100);

    /** A node the keeper watches, with its data directory when it runs on this host. */
    record Watched(PgNodeDefinition node, Optional<Path> dataDir) {
    }

    /** Whether a node takes writes, verified either way, or unknown (with what was seen). */
    private enum Seen { WRITABLE, NOT_WRITABLE, UNKNOWN }

    private final PgConnector connector;
    private final Watched oldPrimary;
    private final Watched target;
    private final List<BouncerDefinition> bouncers;
    private final Map<String, Set<String>> pools;
    private final String runWho;
    private final Consumer<String> log;
    private final Duration watchFor;

    KeeperAfterCommit(PgConnector connector, Watched oldPrimary, Watched target, List<BouncerDefinition> bouncers,
                      Map<String, Set<String>> pools, String runWho, Consumer<String> log, Duration watchFor) {
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.bouncers = bouncers;
        this.pools = pools;
        this.runWho = runWho;
        this.log = log;
        this.watchFor = watchFor;
    }

    /** Watches, then resumes the pools toward the one writable node, or leaves them paused; every step logged. */
    void run() {
        if (pools.isEmpty()) {
            log.accept("the run's process ended during its commit; it had paused no PgBouncer pool, nothing to do");
            return;
        }
        log.accept("the run's process ended during its commit (after stand-down) with PgBouncer pools " + names()
                + " PAUSED: watching " + oldPrimary.node().id() + " and " + target.node().id() + " for up to "
                + watchFor.toSeconds() + "s for exactly one primary taking writes");
        long started = System.nanoTime();
        long until = started + watchFor.toNanos();
        String[] last = {"", ""};
        while (true) {
            Seen o = seen(oldPrimary, last, 0);
            Seen t = seen(target, last, 1);
            Watched writer = o == Seen.WRITABLE && t == Seen.NOT_WRITABLE ? oldPrimary
                    : t == Seen.WRITABLE && o == Seen.NOT_WRITABLE ? target : null;
            if (writer != null) {
                log.accept("after " + (System.nanoTime() - started) / 1_000_000 + "ms: " + oldPrimary.node().id() + " "
                        + last[0] + "; " + target.node().id() + " " + last[1] + ": only " + writer.node().id()
                        + " takes writes, so the pools go there");
                resumeToward(writer);
                return;
            }
            if (o == Seen.WRITABLE && t == Seen.WRITABLE) {
                log.accept("BOTH " + oldPrimary.node().id() + " and " + target.node().id() + " take writes (" + last[0] + "; "
                        + last[1] + "): PgBouncer pools " + names() + " LEFT PAUSED, no pool is resumed toward either; "
                        + "check roles, then `handover recover`");
                return;
            }
            if (System.nanoTime() > until) {
                log.accept("PgBouncer pools " + names() + " LEFT PAUSED: within " + watchFor.toSeconds() + "s no single node "
                        + "was verified taking writes with the other verified not to (last seen: " + oldPrimary.node().id()
                        + " " + last[0] + "; " + target.node().id() + " " + last[1] + "), and a pool is never resumed toward "
                        + "a node not seen taking writes; `handover recover --repair` finds the primary, retargets them to it "
                        + "and resumes them");
                return;
            }
            try {
                PgFreeze.pause(EVERY.toMillis());
            } catch (SQLException interrupted) {
                log.accept("interrupted: PgBouncer pools " + names() + " LEFT PAUSED; `handover recover --repair` resumes them");
                return;
            }
        }
    }

    /** Retargets (toward the target) and RESUMEs only the pools the run paused, each checked through its check entry. */
    private void resumeToward(Watched writer) {
        PgNodeDefinition n = writer.node();
        BouncerFleet fleet = new BouncerFleet(bouncers, System::getenv);
        try {
            pools.forEach((b, dbs) -> dbs.forEach(db -> fleet.adoptPaused(b, db)));
            if (writer == target) {
                fleet.retarget(n.id(), n.host(), n.port());
            }
            BouncerFleet.Resumed r = fleet.resumeIfWritable(n.id(), n.port());
            fleet.steps().forEach(s -> log.accept("bouncer step: " + s.text()));
            for (TopologyCheck c : fleet.checks()) {
                log.accept("bouncer check " + (c.ok() ? "held" : "FAILED") + ": " + c.what() + " (" + c.seen() + ")");
            }
            if (!r.resumed().isEmpty()) {
                log.accept("resumed PgBouncer pools " + String.join(", ", r.resumed()) + " toward " + n.id()
                        + ", seen taking writes through each pool's check entry");
            }
            if (!r.stillPaused().isEmpty()) {
                log.accept("PgBouncer pools LEFT PAUSED: " + String.join("; ", r.stillPaused()));
            }
        } finally {
            fleet.close();
        }
    }

    /** One fresh look at {@code w}; what it showed goes to {@code last[i]}. */
    private Seen seen(Watched w, String[] last, int i) {
        try (Connection c = connector.open(w.node(), Duration.ofSeconds(2), PgRunLock.keeperName(runWho));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) {
            rs.next();
            boolean recovery = rs.getBoolean(1);
            String readOnly = rs.getString(2);
            last[i] = "in recovery " + recovery + ", transaction_read_only " + readOnly;
            return !recovery && readOnly.equals("off") ? Seen.WRITABLE : Seen.NOT_WRITABLE;
        } catch (SQLException | RuntimeException e) {
            if (w.dataDir().isPresent() && Files.isRegularFile(w.dataDir().get().resolve("PG_VERSION"))
                    && PgLocalDataDir.stoppedHere(w.dataDir().get())) {
                last[i] = "stopped (no live postmaster for " + w.dataDir().get() + ")";
                return Seen.NOT_WRITABLE;
            }
            last[i] = "unreachable and not known stopped (" + FreezeKeeper.oneLine(e.getMessage()) + ")";
            return Seen.UNKNOWN;
        }
    }

    private String names() {
        StringBuilder s = new StringBuilder();
        pools.forEach((b, dbs) -> dbs.forEach(db -> s.append(s.length() == 0 ? "" : ", ").append(b).append('/').append(db)));
        return s.toString();
    }
}
