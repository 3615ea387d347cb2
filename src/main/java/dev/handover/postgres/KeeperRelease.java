package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt of a {@link FreezeKeeper} at lifting the freeze: the run's session ended first, then the checks
 * that nothing was committed, then the setting restored exactly as the run would. Apart from the keeper
 * because these are the lease's safety checks, read best on their own; the keeper retries and reports.
 */
final class KeeperRelease {
    private static final Duration TERMINATE_WAIT = Duration.ofSeconds(5);

    private final PgNodeDefinition primary;
    private final PgNodeDefinition target;
    /** The timeline the primary wrote on when the keeper connected: the one the run froze. */
    private final long timeline;
    /** The value the run's freeze replaced, restored here; empty: RESET. */
    private final Optional<String> previous;
    private final int runBackendPid;

    KeeperRelease(PgNodeDefinition primary, PgNodeDefinition target, long timeline, Optional<String> previous, int runBackendPid) {
        this.primary = primary;
        this.target = target;
        this.timeline = timeline;
        this.previous = previous;
        this.runBackendPid = runBackendPid;
    }

    /**
     * What one attempt found. {@code writable}: the primary takes writes now (released here, or found not frozen);
     * otherwise it was left as it is, and {@code text} says why.
     */
    record Attempt(boolean writable, String text) {
        static Attempt left(String why) {
            return new Attempt(false, "left as it is: " + why);
        }
    }

    /** One attempt: what happened, or an exception to retry on. */
    Attempt liftOnce(Connection primarySession, Connection targetSession, boolean endRunSession) throws SQLException {
        try (Statement st = primarySession.createStatement()) {
            if (endRunSession && runBackendPid > 0) {
                endRunSession(st);
            }
            if (Sql.bool(st, "SELECT pg_is_in_recovery()")) {
                return Attempt.left(primary.id() + " is in recovery now (demoted), so a commit happened; check roles");
            }
            long tli = PgFreeze.timeline(st);
            if (tli != timeline) {
                return Attempt.left(primary.id() + " writes on timeline " + tli + ", not " + timeline
                        + " as when the run froze it; check roles");
            }
        }
        try (Statement st = targetSession.createStatement()) {
            if (!Sql.bool(st, "SELECT pg_is_in_recovery()")) {
                return Attempt.left(target.id() + " is no longer in recovery (promoted), so " + primary.id()
                        + " may be a fenced old primary; check roles");
            }
        }
        if (!PgFreeze.isFrozen(primarySession)) {
            PgFreeze.reload(primarySession); // a resume cut short between its ALTER SYSTEM and its reload
            return new Attempt(true, "not frozen: " + primary.id() + " already takes writes (configuration reloaded, in case a resume was cut "
                    + "short before its reload)");
        }
        PgFreeze.restoring(previous).resume(primarySession);
        return new Attempt(true, "released: writes resumed on " + primary.id() + " (" + PgFreeze.SETTING + " restored to "
                + previous.orElse("its default (RESET)") + ", configuration reloaded); nothing had been committed");
    }

    /** Ends the run's session on the primary and waits until it is gone, so none of its statements lands after ours. */
    private void endRunSession(Statement st) throws SQLException {
        st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = " + runBackendPid
                + " AND application_name LIKE 'handover run %'");
        long deadline = System.nanoTime() + TERMINATE_WAIT.toNanos();
        while (Sql.bool(st, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + runBackendPid
                + " AND application_name LIKE 'handover run %')")) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("the run's session " + runBackendPid + " on " + primary.id() + " did not end within "
                        + TERMINATE_WAIT.toSeconds() + "s");
            }
            PgFreeze.pause(2);
        }
    }
}
