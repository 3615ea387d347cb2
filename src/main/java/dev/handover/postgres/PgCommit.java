package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.core.TransportException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import static dev.handover.postgres.Sql.longValue;
import static dev.handover.postgres.Sql.string;

/**
 * The PostgreSQL commit of a handover, in the order that keeps every acknowledged write:
 * <ol>
 *   <li>check the term: the old primary's timeline must be {@code newTerm - 1};</li>
 *   <li>shut the old primary down cleanly (fast shutdown, the signal readied before the freeze): its
 *       walsenders send the last WAL, up to the shutdown checkpoint, to the standbys before it exits;</li>
 *   <li>coordinated: wait until the target holds that last record (bounded) — otherwise restart the
 *       old primary still frozen and promote nothing;</li>
 *   <li>promote the target and check it writes on timeline {@code newTerm};</li>
 *   <li>re-point sibling standbys ({@code ALTER SYSTEM SET primary_conninfo} + reload);</li>
 *   <li>turn the old primary into a standby of the new one ({@code standby.signal}, primary_conninfo,
 *       {@code pg_rewind} first if its WAL went past the fork point) and start it.</li>
 * </ol>
 * Steps 2–3 are {@link PgLastWal}, step 4 {@link PgPromotion}, the last two {@link PgFollow}. Without local
 * control of the old primary it cannot be stopped from here: it stays frozen and the report lists the exact remaining steps. Failures after
 * the promotion do not undo it; they are reported as remaining steps, because the term has already
 * been handed over.
 */
final class PgCommit {
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    /** How long the target may take to leave recovery before its promotion is withdrawn ({@link #promoteWait()}). */
    static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
    /**
     * A shorter promotion limit for drills and tests ({@code -Dhandover.promoteWaitMs=3000}), so a target that cannot
     * promote is withdrawn in seconds rather than a minute; unset in every real run.
     */
    static final String PROMOTE_WAIT_PROPERTY = "handover.promoteWaitMs";
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgFreeze freeze;
    private Connection control;
    private Connection targetConn;
    private final long frontier;
    private final PgPlan plan;
    private final PgCommitSteps done;
    private final List<String> remaining = Collections.synchronizedList(new ArrayList<>());
    private long lastOldWal;
    private long promotedAt;
    /** The old primary is shut down and the target holds its last WAL record: no sibling can be ahead of the target. */
    private boolean targetHoldsAll;
    private PgFollow follow;
    /** The old primary's fast-shutdown signal, readied before the freeze (the commit closes it). */
    private final Optional<ArmedSignal> armedStop;
    private final Map<String, Connection> siblingSessions;
    /** A second session to the target, for creating slots while the first one promotes it. */
    private final Connection slotSession;
    /** Where each step and each wait is said as it happens (the run's live progress); the steps also go to the report. */
    private final Consumer<String> progress;

    PgCommit(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary, PgNodeDefinition target,
             PgFreeze freeze, Connection control, Connection targetSession, long frontier, PgPlan plan,
             Map<String, Connection> siblingSessions, Connection slotSession, Optional<ArmedSignal> armedStop,
             Consumer<String> progress) {
        this.done = new PgCommitSteps(progress);
        this.progress = progress;
        this.armedStop = armedStop;
        this.plan = plan;
        this.siblingSessions = siblingSessions;
        this.slotSession = slotSession;
        this.definition = definition;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.freeze = freeze;
        this.control = control;
        this.targetConn = targetSession;
        this.frontier = frontier;
    }

    PgCommitReport run(long newTerm) throws TransportException {
        try {
            Conninfo template = beforePromotion(newTerm);
            follow = new PgFollow(connector, oldPrimary, target, freeze, this::targetSession, lastOldWal, plan, done, remaining);
            CompletableFuture<Void> early = targetHoldsAll && slotSession != null
                    ? follow.beforePromotion(siblings(), siblingSessions, slotSession) : CompletableFuture.completedFuture(null);
            try {
                promotedAt = new PgPromotion(oldPrimary, target, plan, this::targetSession, follow, done, remaining, progress)
                        .promote(newTerm);
                FaultPoint.reached("after-promotion");
            } catch (TransportException e) {
                awaitQuietly(early);
                for (String sibling : follow.repointedEarly()) {
                    remaining.add("re-point standby " + sibling + " back to " + oldPrimary.addr() + " (its primary_conninfo "
                            + "was pointed at " + target.addr() + " as the promotion began, which did not complete)");
                }
                throw e;
            } finally {
                awaitQuietly(early);
            }
            Optional<SyncWatch> sync = plan.newPrimarySync().synchronous()
                    ? Optional.of(SyncWatch.start(connector, target, promotedAt)) : Optional.empty();
            boolean rewound;
            try {
                rewound = follow(template, newTerm);
            } finally {
                sync.ifPresent(this::reportFirstSync);
            }
            return new PgCommitReport(done.steps(), remaining, rewound);
        } finally {
            PgTransport.closeQuietly(control);
            PgTransport.closeQuietly(targetConn);
            siblingSessions.values().forEach(PgTransport::closeQuietly);
            PgTransport.closeQuietly(slotSession);
            armedStop.ifPresent(ArmedSignal::close);
        }
    }

    /** Everything after the promotion; true when the old primary had to be rewound. */
    private boolean follow(Conninfo template, long newTerm) {
        {
            long fork;
            try {
                fork = forkPoint(newTerm);
            } catch (SQLException e) {
                remaining.add("read the fork point of timeline " + (newTerm - 1) + " on " + target.id() + " ("
                        + e.getMessage() + "), then re-point or rewind every other node onto " + target.addr());
                return false;
            }
            return follow.run(siblings(), template, newTerm, fork);
        }
    }

    /** The work alongside the promotion is bounded by its sessions' timeouts; whatever it left undone is retried after. */
    private static void awaitQuietly(CompletableFuture<Void> early) {
        try {
            early.get(promoteWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // retried after the promotion, where a failure becomes a remaining step
        }
    }

    private List<PgNodeDefinition> siblings() {
        return definition.nodes().stream().filter(n -> !n.id().equals(oldPrimary.id()) && !n.id().equals(target.id())).toList();
    }

    /** On a synchronous cluster: how long after the promotion the new primary had a synchronous standby (commits wait till then). */
    private void reportFirstSync(SyncWatch watch) {
        try {
            Optional<SyncWatch.FirstSync> first = watch.await(SyncWatch.LIMIT);
            if (first.isPresent()) {
                done.add(String.format(Locale.ROOT, "first synchronous standby on %s: %s (%s), %.3fs after the promotion",
                        target.id(), first.get().standby(), first.get().syncState(), first.get().afterPromotion().toNanos() / 1e9));
            } else {
                remaining.add(target.id() + " has no synchronous standby " + SyncWatch.LIMIT.toSeconds() + "s after its promotion "
                        + "(synchronous_standby_names = '" + plan.newPrimarySync().format() + "'): commits on it wait until one "
                        + "streams; check pg_stat_replication on " + target.id() + " and the standbys' walreceivers");
            }
        } catch (SQLException e) {
            remaining.add("could not tell whether " + target.id() + " has a synchronous standby (" + e.getMessage()
                    + "); check pg_stat_replication on it");
        }
    }

    /** The steps taken so far, with {@code failure} as the first thing left to sort out: for a commit that threw. */
    PgCommitReport partial(String failure) {
        List<String> left = new ArrayList<>();
        left.add("the commit stopped here: " + failure);
        left.addAll(remaining);
        return new PgCommitReport(done.steps(), left, false);
    }

    /** One session to the target for the whole commit: a promotion does not end sessions, and new ones cost time. */
    private Connection targetSession() throws SQLException {
        if (targetConn == null || targetConn.isClosed()) {
            targetConn = connector.open(target, SOCKET_TIMEOUT);
        }
        return targetConn;
    }

    /** Everything up to the promotion; any failure here leaves the target a standby and says what state the old primary is in. */
    private Conninfo beforePromotion(long newTerm) throws TransportException {
        Conninfo template;
        long lastOldWal;
        boolean caughtUp;
        try {
            control = control != null && control.isValid(2) ? control : connector.open(oldPrimary, SOCKET_TIMEOUT);
            long tli = primaryTimeline(control);
            if (newTerm != tli + 1) {
                freeze.resume(control);
                throw new TransportException("term mismatch: the request hands over term " + newTerm + " but "
                        + oldPrimary.id() + " writes on timeline " + tli + " (PostgreSQL's term), so the new term must be "
                        + (tli + 1) + "; nothing was promoted and writes were resumed on " + oldPrimary.id());
            }
            try (Statement st = targetSession().createStatement()) {
                template = Conninfo.parse(string(st, "SHOW primary_conninfo"));
                // Read afresh: the coordinator's fast path commits without ever polling.
                caughtUp = PgStatusReader.durableLsn(targetSession()) >= frontier;
            }
            if (plan.rewritesSync()) {
                writeSyncStandbyNames();
            }
        } catch (SQLException e) {
            throw new TransportException("before promotion: " + e.getMessage() + "; nothing was promoted and "
                    + oldPrimary.id() + " is still frozen", e);
        }
        PgLastWal lastWal = new PgLastWal(oldPrimary, target, plan, armedStop, this::targetSession, done, progress);
        if (oldPrimary.local().isPresent()) {
            PgTransport.closeQuietly(control);
            control = null;
            lastOldWal = lastWal.stopOldPrimary(caughtUp);
            targetHoldsAll = caughtUp;
        } else {
            lastOldWal = lastWal.readFrozenEnd(control, caughtUp);
        }
        this.lastOldWal = lastOldWal;
        return template;
    }

    /**
     * Before the promotion, so the new primary never runs a moment with a list no standby can satisfy
     * (its commits would hang): ALTER SYSTEM on the target, which a standby accepts and ignores until promoted.
     */
    private void writeSyncStandbyNames() throws SQLException {
        try (Statement st = targetSession().createStatement()) {
            String value = plan.newPrimarySync().format();
            st.execute(value.isEmpty() ? "ALTER SYSTEM RESET synchronous_standby_names"
                    : "ALTER SYSTEM SET synchronous_standby_names = " + Sql.literal(value));
            PgFreeze.reloadAndAwait(st);
        }
        done.add("set synchronous_standby_names on " + target.id() + " to '" + plan.newPrimarySync().format() + "' (was '"
                + plan.targetSync().format() + "'): " + plan.newPrimarySync().names().stream()
                .filter(n -> !n.equals(target.id())).toList() + " will stream from it");
    }

    /** Where the old timeline ends on the new primary: the fork point, from its timeline history file. */
    private long forkPoint(long newTerm) throws SQLException {
        try (Statement st = targetSession().createStatement()) {
            String history = string(st, "SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(newTerm) + "')");
            OptionalLong fork = TimelineHistory.switchPoint(history, newTerm - 1);
            if (fork.isEmpty()) {
                throw new SQLException("timeline history " + TimelineHistory.fileName(newTerm) + " on " + target.id()
                        + " has no entry for timeline " + (newTerm - 1));
            }
            return fork.getAsLong();
        }
    }

    /** Says {@code text} live; a broken reader (a closed terminal) must never fail a commit. */
    static void say(Consumer<String> live, String text) {
        try {
            live.accept(text);
        } catch (RuntimeException e) {
            // progress is a courtesy: the steps are in the report all the same
        }
    }

    /** The promotion limit: {@link #PROMOTE_WAIT}, or the drill's {@value #PROMOTE_WAIT_PROPERTY} when set. */
    static Duration promoteWait() {
        String v = System.getProperty(PROMOTE_WAIT_PROPERTY);
        if (v == null || v.isBlank()) {
            return PROMOTE_WAIT;
        }
        try {
            return Duration.ofMillis(Math.max(100, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return PROMOTE_WAIT;
        }
    }

    static long primaryTimeline(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return longValue(st, "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint");
        }
    }
}
