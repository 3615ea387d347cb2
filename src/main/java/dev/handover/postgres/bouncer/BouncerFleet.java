package dev.handover.postgres.bouncer;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClientStall;
import dev.handover.cluster.PreflightCheck;
import dev.handover.cluster.StepJournal;
import dev.handover.cluster.TopologyCheck;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every PgBouncer of a cluster, driven through one switchover: PAUSE the listed databases before the freeze
 * ({@link BouncerPause}), retarget them to the new primary and check through the bouncer that it writes
 * ({@link BouncerRetarget}), then RESUME ({@link BouncerResume}). It keeps the steps it took and the checks it
 * made, as data for the run's outcome, records each step in the run's journal when it was handed one, and
 * claims a pool resumed only after {@code SHOW DATABASES} says so.
 */
public final class BouncerFleet {
    private final FleetState state;
    private final BouncerResume resume;
    private final BouncerPause pause;
    private final BouncerRetarget retarget;

    public BouncerFleet(List<BouncerDefinition> bouncers, Function<String, String> env) {
        this.state = new FleetState(bouncers, env);
        this.resume = new BouncerResume(state);
        this.pause = new BouncerPause(state, resume);
        this.retarget = new BouncerRetarget(state);
    }

    public boolean isEmpty() {
        return state.bouncers.isEmpty();
    }

    /** Every later pause, retarget and resume is recorded in {@code journal} (an intent before, an event after). */
    public void journalStepsIn(StepJournal journal) {
        state.journal = journal;
    }

    public List<AfterRun.Step> steps() {
        return state.steps();
    }

    public List<TopologyCheck> checks() {
        return state.checks();
    }

    /** The clients' longest wait (SHOW POOLS maxwait before each RESUME) and how long pools were held; empty before a resume. */
    public Optional<ClientStall> clientStall() {
        return state.clientStall();
    }

    /**
     * Before anything is paused: every bouncer answers, has an entry for each listed database, pools it
     * in transaction or statement mode, has none of them paused already, and its target file can be
     * rewritten (see {@link BouncerPreflight}). Throws naming the first problem.
     */
    public void preflight() throws BouncerException {
        new BouncerPreflight(state).check();
    }

    /**
     * For a plan, changing nothing: the preflight's checks as a probe, the bouncers' query_wait_timeout against the
     * longest pause, where each routes now, and what the run will do with each.
     */
    public PreflightCheck probe(String primaryId, String targetId, Function<String, String> nodeOf) {
        BouncerPreflight.BouncerProbe p = new BouncerPreflight(state).probe(primaryId, targetId, nodeOf);
        if (!p.problems().isEmpty()) {
            return PreflightCheck.fail(PROBE, String.join("; ", p.problems()));
        }
        String plan = String.join("; ", p.plans());
        return p.warnings().isEmpty() ? PreflightCheck.pass(PROBE, plan)
                : PreflightCheck.warn(PROBE, String.join("; ", p.warnings()) + ". The run: " + plan);
    }

    /** The plan probe's title. */
    public static final String PROBE = "PgBouncer";

    /** PAUSE every listed database on every bouncer, each journaled first (see {@link BouncerPause#pause()}). */
    public void pause() throws BouncerException {
        pause.pause();
    }

    /** What a resume did: pools seen resumed, and pools still paused (with how to resume them). */
    public record Resumed(List<String> resumed, List<String> stillPaused) {
        public Resumed {
            resumed = List.copyOf(resumed);
            stillPaused = List.copyOf(stillPaused);
        }

        public String text() {
            String s = resumed.isEmpty() ? "" : "PgBouncer resumed (SHOW DATABASES: not paused): " + String.join(", ", resumed) + ".";
            if (!stillPaused.isEmpty()) {
                s += (s.isEmpty() ? "" : " ") + "STILL PAUSED, clients wait: " + String.join("; ", stillPaused) + ".";
            }
            return s;
        }
    }

    /** How long the check before a RESUME toward where the pools route now retries: a writable primary answers at once. */
    static final Duration VERIFY_BEFORE_RESUME = Duration.ofSeconds(2);

    /**
     * {@code told} hears of each pool ({@code bouncer id, database}) right before its PAUSE is sent: whatever must
     * resume it should this process die (the freeze keeper) knows before it is paused.
     */
    public void beforeEachPause(java.util.function.BiConsumer<String, String> told) {
        state.beforePause = told;
    }

    /** Each later step is also said to {@code steps} as it is taken (the commit's live progress). */
    public void sayStepsTo(java.util.function.Consumer<String> steps) {
        state.live = steps;
    }

    /**
     * RESUME the pools this fleet paused, but only those whose route was seen, through the bouncer's check entry
     * right now, to reach {@code nodeId} on {@code port} as a writable primary: PgBouncer is never resumed toward a
     * node not verified writable (its clients would meet a read-only or a failed login, and a failed login is
     * cached). The others stay PAUSED, named in {@link Resumed#stillPaused()} with the exact commands.
     */
    public Resumed resumeIfWritable(String nodeId, int port) {
        List<FleetState.Pool> todo;
        synchronized (state.paused) {
            todo = new ArrayList<>(state.paused.keySet());
        }
        List<FleetState.Pool> writable = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (FleetState.Pool p : todo) {
            if (retarget.checkWrites(p.bouncer(), p.db(), nodeId, port, VERIFY_BEFORE_RESUME)) {
                writable.add(p);
            } else {
                BouncerDefinition b = p.bouncer();
                held.add(p.name() + " (NOT resumed: " + nodeId + " was not seen taking writes through "
                        + BouncerDefinition.checkEntry(p.db()) + "; once a primary takes writes, point " + b.targetFile()
                        + " at it and RELOAD, then psql -h " + b.host() + " -p " + b.port() + " -U " + b.user()
                        + " pgbouncer -c 'RESUME " + p.db() + "'; or `handover recover --release <run id>`, which retargets "
                        + "to the primary it finds and resumes)");
            }
        }
        Resumed r = resume.resume(writable);
        List<String> still = new ArrayList<>(r.stillPaused());
        still.addAll(held);
        return new Resumed(r.resumed(), still);
    }

    /** The pools paused by this fleet and not resumed, as {@code pgb1/app}. */
    public List<String> pausedPools() {
        synchronized (state.paused) {
            return state.paused.keySet().stream().map(FleetState.Pool::name).toList();
        }
    }

    /** For each pool still paused, the command that resumes it on its bouncer's admin console. */
    public List<String> resumeCommands() {
        synchronized (state.paused) {
            return state.paused.keySet().stream().map(p -> "psql -h " + p.bouncer().host() + " -p " + p.bouncer().port()
                    + " -U " + p.bouncer().user() + " pgbouncer -c 'RESUME " + p.db() + "'").toList();
        }
    }

    /**
     * For the freeze keeper of a run that died during its commit: a pool the run said it paused, taken as paused by
     * this fleet, so that {@link #resumeIfWritable} touches it and no pool the run did not pause.
     */
    public void adoptPaused(String bouncerId, String db) {
        state.bouncers.stream().filter(b -> b.id().equals(bouncerId)).findFirst()
                .ifPresent(b -> state.paused.put(new FleetState.Pool(b, db), null)); // when its PAUSE began is unknown here
    }

    /** RESUME every pool this fleet paused; each is claimed resumed only when SHOW DATABASES shows it so. */
    public Resumed resumeAll() {
        return resume.resumeAll();
    }

    /**
     * Points every listed database of every bouncer at {@code nodeId} ({@code host:port}) and checks it, there
     * and through the bouncer (see {@link BouncerRetarget#retarget}). Never throws; returns whether every check held.
     */
    public boolean retarget(String nodeId, String host, int port) {
        return retarget.retarget(nodeId, host, port);
    }

    /**
     * After a run that died (recovery): point every bouncer at the primary the cluster has now, check it,
     * and RESUME whatever of the listed databases is paused, confirmed by SHOW DATABASES.
     */
    public Resumed recoverTo(String nodeId, String host, int port) {
        retarget(nodeId, host, port);
        List<FleetState.Pool> pausedNow = new ArrayList<>();
        for (BouncerDefinition b : state.bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, FleetState.ADMIN_TIMEOUT)) {
                for (String db : b.databases()) {
                    if (admin.database(db).map(BouncerAdmin.Database::paused).orElse(false)) {
                        pausedNow.add(new FleetState.Pool(b, db));
                    }
                }
            } catch (SQLException e) {
                state.check(b.id() + " could be read", false, e.getMessage());
            }
        }
        try {
            return resume.resume(pausedNow);
        } finally {
            close(); // one-shot: recovery keeps no session
        }
    }

    /** Every bouncer as SHOW DATABASES shows it now; {@code nodeOf} names the node at a {@code host:port}. */
    public List<BouncerState> states(Function<String, String> nodeOf) {
        List<BouncerState> out = new ArrayList<>();
        for (BouncerDefinition b : state.bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, Duration.ofSeconds(5))) {
                List<BouncerAdmin.Database> dbs = admin.databases();
                List<BouncerState.Route> routes = new ArrayList<>();
                for (String db : b.databases()) {
                    Optional<BouncerAdmin.Database> d = dbs.stream().filter(x -> x.name().equals(db)).findFirst();
                    routes.add(d.map(x -> new BouncerState.Route(db, nodeOf.apply(x.addr()), x.paused(), true))
                            .orElse(new BouncerState.Route(db, "", false, false)));
                }
                out.add(new BouncerState(b.id(), b.addr(), routes, Optional.empty()));
            } catch (SQLException e) {
                out.add(new BouncerState(b.id(), b.addr(), List.of(), Optional.of(e.getMessage())));
            }
        }
        return out;
    }

    /** A step of the run's own beside the bouncer steps, timed into the pause. */
    void note(String text) {
        state.step(text + state.intoPause());
    }

    /** Closes the admin sessions kept through the run. Pools stay as they are. */
    public void close() {
        state.close();
    }
}
