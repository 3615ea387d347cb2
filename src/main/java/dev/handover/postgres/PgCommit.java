package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.AfterRun;
import dev.handover.core.CommitWithdrawnException;
import dev.handover.core.Durations;
import dev.handover.core.TransportException;

import java.io.IOException;
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

import static dev.handover.postgres.Sql.bool;
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
 * The last two steps are {@link PgFollow}. Without local control of the old primary it cannot be
 * stopped from here: it stays frozen and the report lists the exact remaining steps. Failures after
 * the promotion do not undo it; they are reported as remaining steps, because the term has already
 * been handed over.
 */
final class PgCommit {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FINAL_WAL_WAIT = Duration.ofSeconds(10);
    /** How long the target may take to leave recovery before its promotion is withdrawn ({@link #promoteWait()}). */
    static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
    /**
     * A shorter promotion limit for drills and tests ({@code -Dhandover.promoteWaitMs=3000}), so a target that cannot
     * promote is withdrawn in seconds rather than a minute; unset in every real run.
     */
    static final String PROMOTE_WAIT_PROPERTY = "handover.promoteWaitMs";
    /** The longest a single reading of the target may take while its promotion is awaited. */
    private static final Duration READ_BOUND = Duration.ofSeconds(10);
    /** How often a promotion still under way is said while it is awaited. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** How long a promotion may take before it is asked again; PostgreSQL's own takes 50–140 ms here. */
    private static final Duration PROMOTE_RESIGNAL = Duration.ofMillis(250);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgFreeze freeze;
    private Connection control;
    private Connection targetConn;
    private final long frontier;
    private final PgPlan plan;
    private final Steps done;
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
        this.done = new Steps(progress);
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
                promote(newTerm);
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
        if (oldPrimary.local().isPresent()) {
            PgCtl ctl = new PgCtl(oldPrimary.id(), oldPrimary.local().get());
            PgTransport.closeQuietly(control);
            control = null;
            try {
                // Promotion waits for the postmaster's exit, walsenders done, not only for its shutdown checkpoint:
                // promoting a target still connected to an exiting old primary stalled the promotion by
                // wal_retrieve_retry_interval (5 s) on a synchronous cluster with a sibling down.
                say(progress, "stopping " + oldPrimary.id() + " (fast shutdown: its walsenders send the last WAL first) …");
                Optional<PgCtl.FastStop> stopping = ctl.signalFastStop(armedStop);
                if (stopping.isPresent()) {
                    stopping.get().awaitExit(STOP_WAIT).ifPresent(done::add);
                }
                lastOldWal = ctl.shutdownCheckpoint();
            } catch (IOException e) {
                throw new TransportException("stopping " + oldPrimary.id() + " failed: " + e.getMessage()
                        + "; nothing was promoted. Check whether " + oldPrimary.id() + " is running; if it is, its "
                        + "writes are still frozen", e);
            }
            done.add("stopped " + oldPrimary.id() + " cleanly (fast shutdown); its last WAL record, the shutdown "
                    + "checkpoint, is at " + Lsn.format(lastOldWal));
            FaultPoint.reached("after-old-primary-stopped");
            targetHoldsAll = caughtUp;
            // A target that cannot be read now (killed, hung) is as short of the last record as one that
            // never got it: either way nothing is promoted, and the old primary must not stay down.
            String missed = null;
            try {
                if (caughtUp && !awaitTargetPast(lastOldWal, true)) {
                    missed = target.id() + " did not receive " + oldPrimary.id() + "'s last WAL record ("
                            + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s";
                }
            } catch (TransportException e) {
                missed = "reading " + target.id() + " failed (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")";
            }
            if (missed != null) {
                String restart;
                try {
                    ctl.start(STOP_WAIT, plan.oldPrimaryStart().orElse(StartOptions.none()));
                    restart = oldPrimary.id() + " was started again as primary, writes still frozen";
                } catch (IOException e) {
                    restart = oldPrimary.id() + " could not be started again (" + e.getMessage() + "): start it by hand";
                }
                throw new TransportException(missed + "; nothing was promoted; " + restart);
            }
        } else {
            try (Statement st = control.createStatement()) {
                lastOldWal = longValue(st, "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint");
            } catch (SQLException e) {
                throw new TransportException("reading the WAL end of " + oldPrimary.id() + " failed: " + e.getMessage()
                        + "; nothing was promoted and " + oldPrimary.id() + " is still frozen", e);
            }
            if (caughtUp && !awaitTargetPast(lastOldWal - 1, false)) {
                throw new TransportException(target.id() + " did not reach " + oldPrimary.id() + "'s flushed WAL ("
                        + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s; nothing was promoted and "
                        + oldPrimary.id() + " is still frozen");
            }
            done.add(oldPrimary.id() + " has no local control: it stays running and frozen (read-only) at "
                    + Lsn.format(lastOldWal));
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

    private void promote(long newTerm) throws TransportException {
        Duration limit = promoteWait();
        long asked = System.nanoTime();
        long deadline = asked + limit.toNanos();
        say(progress, "asking " + target.id() + " to promote (it has " + Durations.format(limit) + ")");
        try (Statement st = targetSession().createStatement()) {
            // A hung target must not hold this wait past its limit: every reading is bounded (one that times out
            // ends the wait, and the withdrawal reads the truth from the target's data directory).
            targetSession().setNetworkTimeout(Runnable::run, (int) Math.min(limit.plusSeconds(1).toMillis(), READ_BOUND.toMillis()));
            // pg_promote(wait => true) polls only every 100 ms; we signal and watch recovery end ourselves.
            st.execute("SELECT pg_promote(false)");
            promotedAt = System.nanoTime();
            FaultPoint.reached("promoting");
            long nextSignal = System.nanoTime() + PROMOTE_RESIGNAL.toNanos();
            long nextSay = asked + PROGRESS_EVERY.toNanos();
            int signals = 1;
            while (bool(st, "SELECT pg_is_in_recovery()")) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw withdraw(target.id() + " was asked to promote but was still in recovery after "
                            + Durations.format(limit), newTerm);
                }
                if (now > nextSay) {
                    say(progress, "asking " + target.id() + " to promote, " + Durations.format(Duration.ofNanos(now - asked))
                            + " of " + Durations.format(limit) + " …");
                    nextSay = now + PROGRESS_EVERY.toNanos();
                }
                if (now > nextSignal) {
                    signals += promoteAgain(st) ? 1 : 0;
                    nextSignal = System.nanoTime() + PROMOTE_RESIGNAL.toNanos();
                }
                PgFreeze.pause(2);
            }
            targetSession().setNetworkTimeout(Runnable::run, (int) SOCKET_TIMEOUT.toMillis());
            if (signals > 1) {
                done.add("asked " + target.id() + " to promote " + signals + " times (asked again whenever it was still in "
                        + "recovery " + PROMOTE_RESIGNAL.toMillis() + " ms after the last request)");
            }
        } catch (SQLException e) {
            // Unread is not unpromoted: the withdrawal stops it and reads its data directory, which tells.
            throw withdraw("promoting " + target.id() + " failed before it was seen out of recovery (" + e.getMessage() + ")",
                    newTerm);
        }
        try {
            long tli = primaryTimeline(targetSession());
            if (tli != newTerm) {
                throw new TransportException(target.id() + " was promoted but writes on timeline " + tli + ", not term "
                        + newTerm + "; check the timeline history before going on");
            }
            done.add("promoted " + target.id() + "; it writes on timeline " + tli);
        } catch (SQLException e) {
            throw new TransportException(target.id() + " left recovery (promoted) but its timeline could not be read: "
                    + e.getMessage() + "; " + oldPrimary.id() + " is stopped or frozen", e);
        }
    }

    /**
     * The target did not promote in time, or could not be read while it should have: it is stopped and its
     * promotion withdrawn ({@link PgWithdrawal}) before anything else is restarted. Only when that leaves it certain
     * that the target did not promote and cannot is the old primary the primary again (restarted, still frozen),
     * and the commit is withdrawn ({@link CommitWithdrawnException}: the run aborts and resumes writes). Otherwise the
     * old primary is left as it is — stopped, or running frozen — and the outcome is unknown, with the steps.
     */
    private TransportException withdraw(String why, long newTerm) {
        done.add(why + "; withdrawing the promotion: " + target.id() + " is stopped before anything else is restarted");
        PgWithdrawal withdrawal = new PgWithdrawal(target, oldPrimary, newTerm);
        PgWithdrawal.Verdict v = withdrawal.withdraw(progress, done::add);
        String oldState = oldPrimary.local().isPresent() ? oldPrimary.id() + " is stopped (shut down cleanly by this commit)"
                : oldPrimary.id() + " is still running, frozen (read-only)";
        if (v.promoted()) {
            return new TransportException(why + ". " + v.text() + ": " + target.id() + " PROMOTED before it was stopped. "
                    + oldState + " and was not restarted; no node is writable now. Start " + target.id() + " as the primary "
                    + "and rejoin " + oldPrimary.id() + " to it; never start both");
        }
        if (!v.safe()) {
            List<String> steps = withdrawal.stepsWhenUnsafe();
            StringBuilder said = new StringBuilder();
            for (int i = 0; i < steps.size(); i++) {
                said.append(" ").append(i + 1).append(". ").append(steps.get(i)).append(".");
            }
            return new TransportException(why + ". " + v.text() + ". " + target.id() + " could NOT be made safe, so "
                    + oldState + " and was NOT restarted as primary: two nodes must never both take writes. By hand:" + said);
        }
        String restart;
        if (oldPrimary.local().isPresent()) {
            try {
                say(progress, "starting " + oldPrimary.id() + " again as the primary (it comes back frozen) …");
                new PgCtl(oldPrimary.id(), oldPrimary.local().get()).start(STOP_WAIT, plan.oldPrimaryStart().orElse(StartOptions.none()));
                restart = "started " + oldPrimary.id() + " again as the primary, writes still frozen";
                done.add(restart);
            } catch (IOException e) {
                remaining.add("start " + oldPrimary.id() + " again (it comes back frozen), then `handover recover` to resume "
                        + "writes on it");
                return new TransportException(why + ". " + v.text() + ": nothing was promoted and " + target.id() + " cannot "
                        + "promote (stopped), but " + oldPrimary.id() + " could not be started again (" + e.getMessage()
                        + "): start it by hand (it comes back frozen), then `handover recover` resumes writes on it");
            }
        } else {
            restart = oldPrimary.id() + " kept running as the primary, frozen";
        }
        String targetDir = target.local().map(l -> l.dataDir().toString()).orElse("<its data directory>");
        remaining.add("start " + target.id() + " again when what held its promotion is fixed: pg_ctl start -D " + targetDir
                + " (it comes back as a standby; PostgreSQL removes any promote file at start)");
        java.util.Set<String> early = follow == null ? java.util.Set.of() : follow.repointedEarly();
        return new CommitWithdrawnException(why + ". " + v.text() + ": nothing was promoted and " + target.id() + " cannot "
                + "promote (stopped); " + restart + ". " + target.id() + " is left stopped: start it again with pg_ctl start -D "
                + targetDir + " once what held it is fixed (it comes back as a standby)" + (early.isEmpty() ? ""
                : ". Re-point " + String.join(", ", early) + " back to " + oldPrimary.addr() + ": " + (early.size() == 1 ? "it was"
                : "they were") + " pointed at " + target.id() + " as the promotion began"));
    }

    /**
     * The promotion request once more. PostgreSQL 15's startup process can take a request while a walreceiver is
     * starting and then still sleep out {@code wal_retrieve_retry_interval} (5 s by default) since the walreceiver's
     * last failure, which the old primary's exit has just caused; a fresh request wakes that sleep, and the
     * promotion already taken goes on. Seen once in 77 rotations as a 5.1 s promotion; the cause is read from
     * PostgreSQL's source, not confirmed. The extra promote signal file a late request leaves is inert on a
     * primary and removed by the postmaster at its next start. Returns whether the request was sent.
     */
    private static boolean promoteAgain(Statement st) {
        try {
            st.execute("SELECT pg_promote(false)");
            return true;
        } catch (SQLException e) {
            return false; // "recovery is not in progress": the promotion finished meanwhile
        }
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

    /** Waits until the target's durable LSN is past {@code lsn} (the whole record starting there received). */
    private boolean awaitTargetPast(long lsn, boolean strictly) throws TransportException {
        try (Statement st = targetSession().createStatement()) {
            long deadline = System.nanoTime() + FINAL_WAL_WAIT.toNanos();
            // A hung target must not hold this wait (the old primary is stopped) for the socket's 120 s.
            targetSession().setNetworkTimeout(Runnable::run, (int) FINAL_WAL_WAIT.plusSeconds(1).toMillis());
            while (true) {
                long reached = longValue(st, "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint");
                if (strictly ? reached > lsn : reached >= lsn) {
                    done.add(target.id() + " holds the old primary's WAL through " + Lsn.format(reached));
                    targetSession().setNetworkTimeout(Runnable::run, (int) SOCKET_TIMEOUT.toMillis());
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                PgFreeze.pause(2);
            }
        } catch (SQLException e) {
            throw new TransportException("reading " + target.id() + " before promotion failed: " + e.getMessage()
                    + "; nothing was promoted", e);
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

    /**
     * Steps taken, each timed since the commit began (to the millisecond), so slow steps show in the
     * outcome. A list of texts to whoever adds to it ({@link PgFollow}, alongside the promotion too);
     * typed steps to the report, so no time is read back out of a text.
     */
    private static final class Steps extends java.util.AbstractList<String> {
        private final long start = System.nanoTime();
        private final List<AfterRun.Step> steps = new ArrayList<>();
        private final Consumer<String> live;

        Steps(Consumer<String> live) {
            this.live = live;
        }

        @Override
        public boolean add(String step) {
            synchronized (this) {
                steps.add(new AfterRun.Step(Optional.of(Duration.ofMillis((System.nanoTime() - start) / 1_000_000)), step));
            }
            say(live, step); // outside the lock: a slow reader never holds up another thread's step
            return true;
        }

        @Override
        public synchronized String get(int i) {
            return PgCommitReport.stamped(steps.get(i));
        }

        @Override
        public synchronized int size() {
            return steps.size();
        }

        synchronized List<AfterRun.Step> steps() {
            return List.copyOf(steps);
        }
    }
}
