package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.core.CommitWithdrawnException;
import dev.handover.core.Durations;
import dev.handover.core.TransportException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static dev.handover.postgres.Sql.bool;

/**
 * Step 4 of {@link PgCommit}: promote the target, watched and asked again until it leaves recovery, within
 * its limit; a promotion that does not happen in time is withdrawn ({@link PgWithdrawal}) before anything
 * else is restarted. Apart from the commit because this is where a handover can end either way.
 */
final class PgPromotion {
    /** The longest a single reading of the target may take while its promotion is awaited. */
    private static final Duration READ_BOUND = Duration.ofSeconds(10);
    /** How often a promotion still under way is said while it is awaited. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** How long a promotion may take before it is asked again; PostgreSQL's own takes 50–140 ms here. */
    private static final Duration PROMOTE_RESIGNAL = Duration.ofMillis(250);

    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgPlan plan;
    private final PgFollow.Session targetSession;
    private final PgFollow follow;
    private final List<String> done;
    private final List<String> remaining;
    private final Consumer<String> progress;

    PgPromotion(PgNodeDefinition oldPrimary, PgNodeDefinition target, PgPlan plan, PgFollow.Session targetSession,
                PgFollow follow, List<String> done, List<String> remaining, Consumer<String> progress) {
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.plan = plan;
        this.targetSession = targetSession;
        this.follow = follow;
        this.done = done;
        this.remaining = remaining;
        this.progress = progress;
    }

    /**
     * Promotes the target and checks it writes on {@code newTerm}; returns when it was asked
     * ({@link System#nanoTime()}), the zero a first synchronous standby is timed from.
     */
    long promote(long newTerm) throws TransportException {
        Duration limit = PgCommit.promoteWait();
        long asked = System.nanoTime();
        long deadline = asked + limit.toNanos();
        long promotedAt;
        PgCommit.say(progress, "asking " + target.id() + " to promote (it has " + Durations.format(limit) + ")");
        try (Statement st = targetSession.get().createStatement()) {
            // A hung target must not hold this wait past its limit: every reading is bounded (one that times out
            // ends the wait, and the withdrawal reads the truth from the target's data directory).
            targetSession.get().setNetworkTimeout(Runnable::run, (int) Math.min(limit.plusSeconds(1).toMillis(), READ_BOUND.toMillis()));
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
                    PgCommit.say(progress, "asking " + target.id() + " to promote, " + Durations.format(Duration.ofNanos(now - asked))
                            + " of " + Durations.format(limit) + " …");
                    nextSay = now + PROGRESS_EVERY.toNanos();
                }
                if (now > nextSignal) {
                    signals += promoteAgain(st) ? 1 : 0;
                    nextSignal = System.nanoTime() + PROMOTE_RESIGNAL.toNanos();
                }
                PgFreeze.pause(2);
            }
            targetSession.get().setNetworkTimeout(Runnable::run, (int) PgCommit.SOCKET_TIMEOUT.toMillis());
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
            long tli = PgCommit.primaryTimeline(targetSession.get());
            if (tli != newTerm) {
                throw new TransportException(target.id() + " was promoted but writes on timeline " + tli + ", not term "
                        + newTerm + "; check the timeline history before going on");
            }
            done.add("promoted " + target.id() + "; it writes on timeline " + tli);
            return promotedAt;
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
                PgCommit.say(progress, "starting " + oldPrimary.id() + " again as the primary (it comes back frozen) …");
                new PgCtl(oldPrimary.id(), oldPrimary.local().get()).start(PgCommit.STOP_WAIT, plan.oldPrimaryStart().orElse(StartOptions.none()));
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
}
