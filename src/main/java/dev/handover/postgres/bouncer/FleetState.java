package dev.handover.postgres.bouncer;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClientStall;
import dev.handover.cluster.StepJournal;
import dev.handover.cluster.TopologyCheck;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the pieces of a {@link BouncerFleet} share through one run: the bouncers, the steps taken and the
 * checks made (as data for the outcome), the pools paused and not resumed, the admin and check sessions kept,
 * the journal the steps are recorded in, and the clients' longest wait.
 */
final class FleetState {
    static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    final List<BouncerDefinition> bouncers;
    final Function<String, String> env;
    private final List<AfterRun.Step> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<TopologyCheck> checks = Collections.synchronizedList(new ArrayList<>());
    /** Pools paused and not resumed, with when their PAUSE began (nanoTime). */
    final Map<Pool, Long> paused = Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * One admin session per bouncer kept from its PAUSE, so the retarget and the RESUME inside the pause
     * cost no login; dropped after an error, when a fresh one is opened.
     */
    private final Map<String, BouncerAdmin> held = new ConcurrentHashMap<>();
    /** Client sessions through each check entry, opened before the freeze, by bouncer/db. */
    final Map<String, Connection> checkSessions = new ConcurrentHashMap<>();
    /** When the first PAUSE was asked (nanoTime), 0 before: the steps say how far into the pause they came. */
    volatile long pauseBegan;
    /** Where each pause, retarget and resume is recorded; nowhere until the run service hands a journal over. */
    volatile StepJournal journal = StepJournal.NONE;
    private Duration longestWait;
    private Duration longestPause = Duration.ZERO;

    FleetState(List<BouncerDefinition> bouncers, Function<String, String> env) {
        this.bouncers = List.copyOf(bouncers);
        this.env = env;
    }

    /** One database on one bouncer. */
    record Pool(BouncerDefinition bouncer, String db) {
        /** {@code pgb1/app}: in messages and as the journal's subject of its pause and resume. */
        String name() {
            return bouncer.id() + "/" + db;
        }
    }

    List<Pool> pools() {
        List<Pool> out = new ArrayList<>();
        for (BouncerDefinition b : bouncers) {
            for (String db : b.databases()) {
                out.add(new Pool(b, db));
            }
        }
        return out;
    }

    /**
     * The intent line before a RESUME of {@code p}. The RESUME goes ahead even when it cannot be written:
     * refusing it would keep clients waiting (the journal keeps the failure for the run's record).
     */
    void intendToResume(Pool p) {
        try {
            journal.intent(StepJournal.RESUME, p.name());
        } catch (java.io.IOException | RuntimeException e) {
            // said in the run's record as a journal that missed lines
        }
    }

    void step(String text) {
        steps.add(new AfterRun.Step(Optional.empty(), text));
        try {
            live.accept(text);
        } catch (RuntimeException e) {
            // progress is a courtesy: the step is in the record all the same
        }
    }

    /** Told of each pool right before its PAUSE is sent (the freeze keeper, which resumes it if the run dies). */
    volatile java.util.function.BiConsumer<String, String> beforePause = (bouncerId, db) -> { };

    /** Where each step is also said as it is taken (a commit's live progress); nowhere until a run hands one over. */
    volatile java.util.function.Consumer<String> live = text -> { };

    void check(String what, boolean ok, String seen) {
        checks.add(new TopologyCheck(what, ok, seen, TopologyCheck.Severity.DEGRADING));
    }

    List<AfterRun.Step> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    List<TopologyCheck> checks() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    /** A pool resumed: its longest-waiting client's wait and how long it was held count toward the stall. */
    synchronized void resumed(Duration maxWait, Duration pausedFor) {
        longestWait = longestWait == null || maxWait.compareTo(longestWait) > 0 ? maxWait : longestWait;
        longestPause = pausedFor.compareTo(longestPause) > 0 ? pausedFor : longestPause;
    }

    /** The clients' stall over every pool resumed so far; empty before one was. */
    synchronized Optional<ClientStall> clientStall() {
        return longestWait == null ? Optional.empty()
                : Optional.of(new ClientStall(longestWait, longestPause, "PgBouncer maxwait"));
    }

    /** The admin session kept for {@code b}, or a fresh one (kept too). */
    BouncerAdmin session(BouncerDefinition b) throws SQLException {
        BouncerAdmin s = held.get(b.id());
        if (s == null) {
            s = BouncerAdmin.open(b, env, ADMIN_TIMEOUT);
            held.put(b.id(), s);
        }
        return s;
    }

    /** Keeps {@code s} as {@code b}'s session unless one is kept already; returns whether it was kept. */
    boolean keep(BouncerDefinition b, BouncerAdmin s) {
        return held.putIfAbsent(b.id(), s) == null;
    }

    void drop(BouncerDefinition b) {
        BouncerAdmin s = held.remove(b.id());
        if (s != null) {
            s.abort();
        }
    }

    /** Closes the admin and check sessions kept through the run. Pools stay as they are. */
    void close() {
        held.values().forEach(BouncerAdmin::close);
        held.clear();
        checkSessions.values().forEach(FleetState::closeQuietly);
        checkSessions.clear();
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    /** {@code " (+312 ms into the pause)"} during a run's pause, empty outside one (recovery). */
    String intoPause() {
        return pauseBegan == 0 ? "" : " (+" + ms(System.nanoTime() - pauseBegan) + " into the pause)";
    }

    static String ms(long nanos) {
        return nanos / 1_000_000 + " ms";
    }
}
