package dev.handover.postgres.bouncer;

import dev.handover.cluster.StepJournal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** RESUME of the pools paused, each journaled, each claimed resumed only when SHOW DATABASES says so. */
final class BouncerResume {
    private final FleetState state;

    BouncerResume(FleetState state) {
        this.state = state;
    }

    /** RESUME every pool paused and not resumed yet. */
    BouncerFleet.Resumed resumeAll() {
        List<FleetState.Pool> todo;
        synchronized (state.paused) {
            todo = new ArrayList<>(state.paused.keySet());
        }
        return resume(todo);
    }

    /**
     * RESUME each of {@code todo}: its longest-waiting client's wait read first (SHOW POOLS maxwait), then the
     * RESUME, then SHOW DATABASES decides whether it took. An intent line goes before each RESUME and an event
     * with what SHOW DATABASES showed after it; a RESUME whose intent cannot be written is sent all the same.
     */
    BouncerFleet.Resumed resume(List<FleetState.Pool> todo) {
        List<String> ok = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (FleetState.Pool p : todo) {
            Long since = state.paused.get(p);
            String what = p.bouncer().id() + " takes clients for " + p.db() + " again";
            try {
                BouncerAdmin admin = state.session(p.bouncer());
                Duration waited = admin.pools().stream().filter(x -> x.database().equals(p.db()))
                        .map(BouncerAdmin.Pool::maxWait).max(Duration::compareTo).orElse(Duration.ZERO);
                state.intendToResume(p);
                try {
                    admin.resume(p.db());
                } catch (SQLException e) {
                    // "not paused": someone resumed it already; SHOW DATABASES below decides
                }
                boolean isPaused = admin.database(p.db()).map(BouncerAdmin.Database::paused).orElse(true);
                if (isPaused) {
                    state.journal.failed(StepJournal.RESUME, p.name(), "SHOW DATABASES: still paused after RESUME");
                    still.add(p.name() + " (RESUME " + p.db() + " on " + p.bouncer().addr() + ")");
                    state.check(what, false, "SHOW DATABASES: still paused after RESUME");
                    continue;
                }
                long now = System.nanoTime();
                state.paused.remove(p);
                ok.add(p.name());
                if (since != null) {
                    state.resumed(waited, Duration.ofNanos(now - since));
                }
                state.journal.done(StepJournal.RESUME, p.name(), "SHOW DATABASES: not paused; the longest-waiting client had "
                        + "waited " + waited.toMillis() + " ms (SHOW POOLS maxwait)"
                        + (since == null ? "" : " after " + FleetState.ms(now - since) + " paused"));
                state.step(p.bouncer().id() + " resumed " + p.db()
                        + (since == null ? "" : " after " + FleetState.ms(now - since) + " paused")
                        + "; the longest-waiting client had waited " + waited.toMillis() + " ms (SHOW POOLS maxwait)"
                        + state.intoPause());
                state.check(what, true, "SHOW DATABASES: paused 0");
            } catch (SQLException e) {
                state.drop(p.bouncer());
                state.journal.failed(StepJournal.RESUME, p.name(), "could not be resumed: " + e.getMessage());
                still.add(p.name() + " (" + p.bouncer().addr() + " did not answer: " + e.getMessage() + "; RESUME "
                        + p.db() + " there)");
                state.check(what, false, "could not be resumed: " + e.getMessage());
            }
        }
        return new BouncerFleet.Resumed(ok, still);
    }
}
