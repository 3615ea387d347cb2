package dev.handover.postgres.bouncer;

import dev.handover.cluster.StepJournal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** PAUSE of every listed database before the freeze, each journaled first, with its deadline and its cancel. */
final class BouncerPause {
    private final FleetState state;
    private final BouncerResume resume;

    BouncerPause(FleetState state, BouncerResume resume) {
        this.state = state;
        this.resume = resume;
    }

    /**
     * Journals an intent for every pool first (one that cannot be written: nothing is paused), then PAUSEs them
     * all at once, each on its own admin session, each bounded by its bouncer's pause timeout. A PAUSE that misses
     * it (a transaction left open through the bouncer) is cancelled by a RESUME from a second session and its own
     * session dropped: it never answers. On any failure every pool paused so far is resumed and the exception says
     * what was found and resumed.
     */
    void pause() throws BouncerException {
        List<FleetState.Pool> pools = state.pools();
        journalIntents(pools);
        for (FleetState.Pool p : pools) {
            try {
                state.beforePause.accept(p.bouncer().id(), p.db());
            } catch (RuntimeException e) {
                // whoever was to be told is gone; the freeze right after finds it out and resumes the pools
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, pools.size()), r -> {
            Thread t = new Thread(r, "bouncer-pause");
            t.setDaemon(true);
            return t;
        });
        List<String> failures = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        try {
            long began = System.nanoTime();
            Map<FleetState.Pool, BouncerAdmin> sessions = new LinkedHashMap<>();
            Map<FleetState.Pool, Future<Long>> answers = new LinkedHashMap<>();
            for (FleetState.Pool p : pools) {
                try {
                    BouncerAdmin admin = BouncerAdmin.open(p.bouncer(), state.env, FleetState.ADMIN_TIMEOUT);
                    sessions.put(p, admin);
                    long asked = System.nanoTime();
                    if (state.pauseBegan == 0) {
                        state.pauseBegan = asked;
                    }
                    answers.put(p, threads.submit(() -> {
                        admin.pause(p.db());
                        return asked;
                    }));
                } catch (SQLException e) {
                    failures.add(p.bouncer().id() + " could not be asked to PAUSE " + p.db() + ": " + e.getMessage());
                    state.journal.failed(StepJournal.PAUSE, p.name(), "not asked: " + e.getMessage());
                }
            }
            for (Map.Entry<FleetState.Pool, Future<Long>> a : answers.entrySet()) {
                FleetState.Pool p = a.getKey();
                long left = p.bouncer().pauseTimeout().toNanos() - (System.nanoTime() - began);
                try {
                    long asked = a.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    state.paused.put(p, asked);
                    String took = FleetState.ms(System.nanoTime() - asked);
                    state.journal.done(StepJournal.PAUSE, p.name(), "PAUSE answered after " + took
                            + ": server connections closed, clients queue");
                    state.step(p.bouncer().id() + " paused " + p.db() + " in " + took
                            + " (its server connections closed, clients queue)");
                    // The pause outlives the session that asked for it; one per bouncer is kept for what follows.
                    if (!state.keep(p.bouncer(), sessions.get(p))) {
                        sessions.get(p).close();
                    }
                } catch (TimeoutException e) {
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " did not finish within "
                            + p.bouncer().pauseTimeout().toMillis() + " ms (" + cancel(p, sessions.get(p), cancelled) + ")");
                } catch (ExecutionException e) {
                    sessions.get(p).abort();
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " failed: " + e.getCause().getMessage());
                    state.journal.failed(StepJournal.PAUSE, p.name(), "PAUSE failed: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " interrupted (" + cancel(p, sessions.get(p), cancelled) + ")");
                }
            }
        } finally {
            threads.shutdownNow();
        }
        if (!failures.isEmpty()) {
            BouncerFleet.Resumed r = resume.resumeAll();
            List<String> resumed = new ArrayList<>(cancelled);
            resumed.addAll(r.resumed());
            throw new BouncerException(String.join("; ", failures) + ". Nothing was frozen. "
                    + new BouncerFleet.Resumed(resumed, r.stillPaused()).text());
        }
    }

    /**
     * An intent line for each pool's PAUSE, forced to disk before any PAUSE is sent. The first that cannot be
     * written refuses them all: nothing is paused (nor frozen), and the intents already written are closed
     * as not taken.
     */
    private void journalIntents(List<FleetState.Pool> pools) throws BouncerException {
        List<FleetState.Pool> written = new ArrayList<>();
        for (FleetState.Pool p : pools) {
            try {
                state.journal.intent(StepJournal.PAUSE, p.name());
                written.add(p);
            } catch (IOException | RuntimeException e) {
                for (FleetState.Pool w : written) {
                    state.journal.failed(StepJournal.PAUSE, w.name(), "not asked: the journal could not record "
                            + p.name() + "'s PAUSE");
                }
                throw new BouncerException("the journal could not record the PAUSE of " + p.name() + " (" + e.getMessage()
                        + "), so nothing was paused. Nothing was frozen");
            }
        }
    }

    /**
     * Cancels a PAUSE still waiting: RESUME from a second session (saying what it found first), then drops
     * the first. The pool joins {@code cancelled} once SHOW DATABASES shows it not paused.
     */
    private String cancel(FleetState.Pool p, BouncerAdmin waiting, List<String> cancelled) {
        String found = "";
        try (BouncerAdmin second = BouncerAdmin.open(p.bouncer(), state.env, FleetState.ADMIN_TIMEOUT)) {
            int busy = second.pools().stream().filter(x -> x.database().equals(p.db())).mapToInt(BouncerAdmin.Pool::serversActive).sum();
            found = busy + " server connection(s) still busy, a transaction open through it";
            state.intendToResume(p);
            second.resume(p.db());
            waiting.abort();
            if (second.database(p.db()).map(BouncerAdmin.Database::paused).orElse(true)) {
                state.journal.failed(StepJournal.RESUME, p.name(), "cancelling RESUME; SHOW DATABASES: still paused");
                state.paused.put(p, System.nanoTime()); // resumeAll tries again and says so
            } else {
                state.journal.done(StepJournal.RESUME, p.name(), "cancelling RESUME; SHOW DATABASES: not paused");
                cancelled.add(p.name());
            }
            return found + "; cancelled with RESUME " + p.db() + " from a second session";
        } catch (SQLException e) {
            state.journal.failed(StepJournal.RESUME, p.name(), "cancelling the PAUSE failed: " + e.getMessage());
            state.paused.put(p, System.nanoTime()); // it may still be paused: resumeAll tries again and says so
            return found + (found.isEmpty() ? "" : "; ") + "cancelling it failed: " + e.getMessage();
        } finally {
            waiting.abort();
        }
    }
}
