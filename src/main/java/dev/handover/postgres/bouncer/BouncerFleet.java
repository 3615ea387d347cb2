package dev.handover.postgres.bouncer;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.TopologyCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Every PgBouncer of a cluster, driven through one switchover: PAUSE the listed databases before the freeze
 * (each on its own admin session, with the bouncer's deadline), retarget them to the new primary and check
 * through the bouncer that it writes, then RESUME. It keeps the steps it took and the checks it made, as
 * data for the run's outcome, and claims a pool resumed only after {@code SHOW DATABASES} says so.
 */
public final class BouncerFleet {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long the check through a bouncer retries: a promoted primary answers within a second or two. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(10);

    private final List<BouncerDefinition> bouncers;
    private final Function<String, String> env;
    private final List<AfterRun.Step> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<TopologyCheck> checks = Collections.synchronizedList(new ArrayList<>());
    /** Pools this fleet paused and has not resumed, with when their PAUSE began (nanoTime). */
    private final Map<Pool, Long> paused = Collections.synchronizedMap(new LinkedHashMap<>());
    /**
     * One admin session per bouncer kept from its PAUSE, so the retarget and the RESUME inside the pause
     * cost no login; dropped after an error, when a fresh one is opened.
     */
    private final Map<String, BouncerAdmin> held = new java.util.concurrent.ConcurrentHashMap<>();
    /** Client sessions through each check entry, opened before the freeze ({@link #prepareChecks}), by bouncer/db. */
    private final Map<String, Connection> checkSessions = new java.util.concurrent.ConcurrentHashMap<>();
    /** When this fleet's first PAUSE was asked (nanoTime), 0 before: the steps say how far into the pause they came. */
    private volatile long pauseBegan;

    /** One database on one bouncer. */
    private record Pool(BouncerDefinition bouncer, String db) {
        String name() {
            return bouncer.id() + "/" + db;
        }
    }

    public BouncerFleet(List<BouncerDefinition> bouncers, Function<String, String> env) {
        this.bouncers = List.copyOf(bouncers);
        this.env = env;
    }

    public boolean isEmpty() {
        return bouncers.isEmpty();
    }

    public List<AfterRun.Step> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    public List<TopologyCheck> checks() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    /**
     * Before anything is paused: every bouncer answers, has an entry for each listed database, pools it
     * in transaction or statement mode (a session-mode PAUSE waits until every client disconnects), has
     * none of them paused already, and its target file can be rewritten. Throws naming the first problem.
     */
    public void preflight() throws BouncerException {
        for (BouncerDefinition b : bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, env, ADMIN_TIMEOUT)) {
                String globalMode = admin.config("pool_mode").orElse("session");
                for (String db : b.databases()) {
                    Optional<BouncerAdmin.Database> d = admin.database(db);
                    if (d.isEmpty()) {
                        throw new BouncerException(b.id() + " has no [databases] entry \"" + db + "\": add it to "
                                + b.targetFile() + " (and %include that file in pgbouncer.ini). Nothing was paused or frozen");
                    }
                    String mode = d.get().poolMode().orElse(globalMode);
                    if (mode.equals("session")) {
                        throw new BouncerException(b.id() + " pools \"" + db + "\" in session mode: a PAUSE there waits "
                                + "until every client disconnects, so clients would not ride through the switchover. Set "
                                + "pool_mode = transaction for it, or drop it from \"databases\". Nothing was paused or frozen");
                    }
                    if (d.get().paused()) {
                        throw new BouncerException(b.id() + " has \"" + db + "\" paused already (another run, a dead one, "
                                + "or by hand): see `handover recover`, or RESUME " + db + " on " + b.addr()
                                + ". Nothing was paused or frozen");
                    }
                }
            } catch (SQLException e) {
                throw new BouncerException("cannot read PgBouncer " + b.id() + " at " + b.addr() + ": " + e.getMessage()
                        + ". Nothing was paused or frozen");
            }
            if (!Files.isWritable(b.targetFile().toAbsolutePath().getParent())) {
                throw new BouncerException(b.id() + "'s targetFile " + b.targetFile() + " cannot be rewritten: its "
                        + "directory is not writable by this user. Nothing was paused or frozen");
            }
            prepareChecks(b);
        }
    }

    /**
     * Logs in through each check entry now, before the freeze, so the check after the commit costs only the
     * bouncer's own login to the new primary. A first run's target file has no check entries yet: they are
     * written (routed where the databases route now, so nothing moves) and RELOADed. Best effort: without a
     * session here, the check logs in afresh.
     */
    private void prepareChecks(BouncerDefinition b) {
        try (BouncerAdmin admin = BouncerAdmin.open(b, env, ADMIN_TIMEOUT)) {
            List<BouncerAdmin.Database> dbs = admin.databases();
            boolean missing = b.databases().stream().anyMatch(db -> dbs.stream().noneMatch(d -> d.name().equals(
                    BouncerDefinition.checkEntry(db))));
            List<String> routes = dbs.stream().filter(d -> b.databases().contains(d.name())).map(BouncerAdmin.Database::addr)
                    .distinct().toList();
            if (missing && routes.size() == 1) {
                BouncerAdmin.Database now = dbs.stream().filter(d -> b.databases().contains(d.name())).findFirst().orElseThrow();
                TargetFile.write(b.targetFile(), TargetFile.retarget(TargetFile.read(b.targetFile()), b.databases(),
                        now.host(), now.port()));
                admin.reload();
            }
        } catch (SQLException | IOException e) {
            return;
        }
        for (String db : b.databases()) {
            try {
                checkSessions.put(b.id() + "/" + db, BouncerAdmin.connect(b, BouncerDefinition.checkEntry(db), env,
                        Duration.ofSeconds(5)));
            } catch (SQLException e) {
                // the check logs in afresh
            }
        }
    }

    /**
     * PAUSE every listed database on every bouncer at once, each on its own admin session, each bounded by
     * its bouncer's pause timeout. A PAUSE that misses it (a transaction left open through the bouncer) is
     * cancelled by a RESUME from a second session and its own session dropped: it never answers. On any
     * failure every pool paused so far is resumed and the exception says what was found and resumed.
     */
    public void pause() throws BouncerException {
        List<Pool> pools = pools();
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, pools.size()), r -> {
            Thread t = new Thread(r, "bouncer-pause");
            t.setDaemon(true);
            return t;
        });
        List<String> failures = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        try {
            long began = System.nanoTime();
            Map<Pool, BouncerAdmin> sessions = new LinkedHashMap<>();
            Map<Pool, Future<Long>> answers = new LinkedHashMap<>();
            for (Pool p : pools) {
                try {
                    BouncerAdmin admin = BouncerAdmin.open(p.bouncer(), env, ADMIN_TIMEOUT);
                    sessions.put(p, admin);
                    long asked = System.nanoTime();
                    if (pauseBegan == 0) {
                        pauseBegan = asked;
                    }
                    answers.put(p, threads.submit(() -> {
                        admin.pause(p.db());
                        return asked;
                    }));
                } catch (SQLException e) {
                    failures.add(p.bouncer().id() + " could not be asked to PAUSE " + p.db() + ": " + e.getMessage());
                }
            }
            for (Map.Entry<Pool, Future<Long>> a : answers.entrySet()) {
                Pool p = a.getKey();
                long left = p.bouncer().pauseTimeout().toNanos() - (System.nanoTime() - began);
                try {
                    long asked = a.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    paused.put(p, asked);
                    steps.add(new AfterRun.Step(Optional.empty(), p.bouncer().id() + " paused " + p.db() + " in "
                            + ms(System.nanoTime() - asked) + " (its server connections closed, clients queue)"));
                    // The pause outlives the session that asked for it; one per bouncer is kept for what follows.
                    BouncerAdmin kept = held.putIfAbsent(p.bouncer().id(), sessions.get(p));
                    if (kept != null) {
                        sessions.get(p).close();
                    }
                } catch (TimeoutException e) {
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " did not finish within "
                            + p.bouncer().pauseTimeout().toMillis() + " ms (" + cancel(p, sessions.get(p), cancelled) + ")");
                } catch (java.util.concurrent.ExecutionException e) {
                    sessions.get(p).abort();
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " failed: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add("PAUSE of " + p.db() + " on " + p.bouncer().id() + " interrupted (" + cancel(p, sessions.get(p), cancelled) + ")");
                }
            }
        } finally {
            threads.shutdownNow();
        }
        if (!failures.isEmpty()) {
            Resumed r = resumeAll();
            List<String> resumed = new ArrayList<>(cancelled);
            resumed.addAll(r.resumed());
            throw new BouncerException(String.join("; ", failures) + ". Nothing was frozen. "
                    + new Resumed(resumed, r.stillPaused()).text());
        }
    }

    /**
     * Cancels a PAUSE still waiting: RESUME from a second session (saying what it found first), then drops
     * the first. The pool joins {@code cancelled} once SHOW DATABASES shows it not paused.
     */
    private String cancel(Pool p, BouncerAdmin waiting, List<String> cancelled) {
        String found = "";
        try (BouncerAdmin second = BouncerAdmin.open(p.bouncer(), env, ADMIN_TIMEOUT)) {
            int busy = second.pools().stream().filter(x -> x.database().equals(p.db())).mapToInt(BouncerAdmin.Pool::serversActive).sum();
            found = busy + " server connection(s) still busy, a transaction open through it";
            second.resume(p.db());
            waiting.abort();
            if (second.database(p.db()).map(BouncerAdmin.Database::paused).orElse(true)) {
                paused.put(p, System.nanoTime()); // resumeAll tries again and says so
            } else {
                cancelled.add(p.name());
            }
            return found + "; cancelled with RESUME " + p.db() + " from a second session";
        } catch (SQLException e) {
            paused.put(p, System.nanoTime()); // it may still be paused: resumeAll tries again and says so
            return found + (found.isEmpty() ? "" : "; ") + "cancelling it failed: " + e.getMessage();
        } finally {
            waiting.abort();
        }
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

    /** RESUME every pool this fleet paused; each is claimed resumed only when SHOW DATABASES shows it so. */
    public Resumed resumeAll() {
        List<Pool> todo;
        synchronized (paused) {
            todo = new ArrayList<>(paused.keySet());
        }
        return resume(todo);
    }

    private Resumed resume(List<Pool> todo) {
        List<String> ok = new ArrayList<>();
        List<String> still = new ArrayList<>();
        for (Pool p : todo) {
            Long since = paused.get(p);
            try {
                BouncerAdmin admin = session(p.bouncer());
                Duration waited = admin.pools().stream().filter(x -> x.database().equals(p.db()))
                        .map(BouncerAdmin.Pool::maxWait).max(Duration::compareTo).orElse(Duration.ZERO);
                try {
                    admin.resume(p.db());
                } catch (SQLException e) {
                    // "not paused": someone resumed it already; SHOW DATABASES below decides
                }
                boolean isPaused = admin.database(p.db()).map(BouncerAdmin.Database::paused).orElse(true);
                if (isPaused) {
                    still.add(p.name() + " (RESUME " + p.db() + " on " + p.bouncer().addr() + ")");
                    checks.add(new TopologyCheck(p.bouncer().id() + " takes clients for " + p.db() + " again", false,
                            "SHOW DATABASES: still paused after RESUME", TopologyCheck.Severity.DEGRADING));
                    continue;
                }
                paused.remove(p);
                ok.add(p.name());
                steps.add(new AfterRun.Step(Optional.empty(), p.bouncer().id() + " resumed " + p.db()
                        + (since == null ? "" : " after " + ms(System.nanoTime() - since) + " paused")
                        + "; the longest-waiting client had waited " + waited.toMillis() + " ms (SHOW POOLS maxwait)" + intoPause()));
                checks.add(new TopologyCheck(p.bouncer().id() + " takes clients for " + p.db() + " again", true,
                        "SHOW DATABASES: paused 0", TopologyCheck.Severity.DEGRADING));
            } catch (SQLException e) {
                drop(p.bouncer());
                still.add(p.name() + " (" + p.bouncer().addr() + " did not answer: " + e.getMessage() + "; RESUME "
                        + p.db() + " there)");
                checks.add(new TopologyCheck(p.bouncer().id() + " takes clients for " + p.db() + " again", false,
                        "could not be resumed: " + e.getMessage(), TopologyCheck.Severity.DEGRADING));
            }
        }
        return new Resumed(ok, still);
    }

    /**
     * Points every listed database of every bouncer at {@code nodeId} ({@code host:port}): rewrites the
     * target file, RELOADs, and checks with SHOW DATABASES that the bouncer routes there; then logs in
     * through each check entry, retrying for a while, and checks it reaches a writable primary on that port.
     * Never throws: a step that failed is a failed check. Returns whether every check held.
     */
    public boolean retarget(String nodeId, String host, int port) {
        boolean allOk = true;
        String addr = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        for (BouncerDefinition b : bouncers) {
            try {
                BouncerAdmin admin = session(b);
                TargetFile.write(b.targetFile(), TargetFile.retarget(TargetFile.read(b.targetFile()), b.databases(), host, port));
                admin.reload();
                steps.add(new AfterRun.Step(Optional.empty(), b.id() + ": " + b.targetFile() + " now routes "
                        + String.join(", ", b.databases()) + " to " + nodeId + " (" + addr + "); RELOAD" + intoPause()));
                for (String db : b.databases()) {
                    Optional<BouncerAdmin.Database> d = admin.database(db);
                    boolean ok = d.isPresent() && d.get().host().equals(host) && d.get().port() == port;
                    allOk &= ok;
                    checks.add(new TopologyCheck(b.id() + " routes " + db + " to " + nodeId + " (" + addr + ")", ok,
                            "SHOW DATABASES: " + d.map(x -> db + " -> " + x.addr()).orElse("no entry " + db),
                            TopologyCheck.Severity.DEGRADING));
                }
            } catch (SQLException | IOException e) {
                drop(b);
                allOk = false;
                checks.add(new TopologyCheck(b.id() + " routes " + String.join(", ", b.databases()) + " to " + nodeId, false,
                        "retargeting failed: " + e.getMessage() + "; point " + b.targetFile() + " at " + addr + " and RELOAD",
                        TopologyCheck.Severity.DEGRADING));
                continue;
            }
            for (String db : b.databases()) {
                allOk &= checkWrites(b, db, nodeId, port);
            }
        }
        return allOk;
    }

    /** Through the bouncer's check entry for {@code db}: a writable primary on {@code port}, retried for a while. */
    private boolean checkWrites(BouncerDefinition b, String db, String nodeId, int port) {
        long until = System.nanoTime() + CHECK_WAIT.toNanos();
        String seen = "";
        Connection c = checkSessions.remove(b.id() + "/" + db); // opened before the freeze, if it could be
        try {
            while (true) {
                try {
                    if (c == null) {
                        c = BouncerAdmin.connect(b, BouncerDefinition.checkEntry(db), env, Duration.ofSeconds(5));
                    }
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only'), "
                                 + "inet_server_port()")) {
                        rs.next();
                        boolean recovery = rs.getBoolean(1);
                        String readOnly = rs.getString(2);
                        int seenPort = rs.getInt(3);
                        seen = "in recovery " + recovery + ", transaction_read_only " + readOnly + ", server port " + seenPort;
                        if (!recovery && readOnly.equals("off") && seenPort == port) {
                            checks.add(new TopologyCheck(b.id() + " routes " + db + " to " + nodeId + " and it takes writes "
                                    + "through it", true, "through " + BouncerDefinition.checkEntry(db) + ": " + seen,
                                    TopologyCheck.Severity.DEGRADING));
                            steps.add(new AfterRun.Step(Optional.empty(), b.id() + ": through " + BouncerDefinition.checkEntry(db)
                                    + ", " + nodeId + " takes writes" + intoPause()));
                            return true;
                        }
                    }
                } catch (SQLException e) {
                    seen = e.getMessage();
                    closeQuietly(c); // a session whose server went away with the old primary: log in afresh
                    c = null;
                }
                if (System.nanoTime() > until) {
                    checks.add(new TopologyCheck(b.id() + " routes " + db + " to " + nodeId + " and it takes writes through it",
                            false, "through " + BouncerDefinition.checkEntry(db) + " for " + CHECK_WAIT.toSeconds() + " s: " + seen,
                            TopologyCheck.Severity.DEGRADING));
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    /**
     * After a run that died (recovery): point every bouncer at the primary the cluster has now, check it,
     * and RESUME whatever of the listed databases is paused, confirmed by SHOW DATABASES.
     */
    public Resumed recoverTo(String nodeId, String host, int port) {
        retarget(nodeId, host, port);
        List<Pool> pausedNow = new ArrayList<>();
        for (BouncerDefinition b : bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, env, ADMIN_TIMEOUT)) {
                for (String db : b.databases()) {
                    if (admin.database(db).map(BouncerAdmin.Database::paused).orElse(false)) {
                        pausedNow.add(new Pool(b, db));
                    }
                }
            } catch (SQLException e) {
                checks.add(new TopologyCheck(b.id() + " could be read", false, e.getMessage(), TopologyCheck.Severity.DEGRADING));
            }
        }
        try {
            return resume(pausedNow);
        } finally {
            close(); // one-shot: recovery keeps no session
        }
    }

    /** Every bouncer as SHOW DATABASES shows it now; {@code nodeOf} names the node at a {@code host:port}. */
    public List<BouncerState> states(Function<String, String> nodeOf) {
        List<BouncerState> out = new ArrayList<>();
        for (BouncerDefinition b : bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, env, Duration.ofSeconds(5))) {
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
        steps.add(new AfterRun.Step(Optional.empty(), text + intoPause()));
    }

    /** The admin session kept for {@code b}, or a fresh one (kept too). */
    private BouncerAdmin session(BouncerDefinition b) throws SQLException {
        BouncerAdmin s = held.get(b.id());
        if (s == null) {
            s = BouncerAdmin.open(b, env, ADMIN_TIMEOUT);
            held.put(b.id(), s);
        }
        return s;
    }

    private void drop(BouncerDefinition b) {
        BouncerAdmin s = held.remove(b.id());
        if (s != null) {
            s.abort();
        }
    }

    /** Closes the admin sessions kept through the run. Pools stay as they are. */
    public void close() {
        held.values().forEach(BouncerAdmin::close);
        held.clear();
        checkSessions.values().forEach(BouncerFleet::closeQuietly);
        checkSessions.clear();
    }

    private List<Pool> pools() {
        List<Pool> out = new ArrayList<>();
        for (BouncerDefinition b : bouncers) {
            for (String db : b.databases()) {
                out.add(new Pool(b, db));
            }
        }
        return out;
    }

    /** {@code " (+312 ms into the pause)"} during a run's pause, empty outside one (recovery). */
    private String intoPause() {
        return pauseBegan == 0 ? "" : " (+" + ms(System.nanoTime() - pauseBegan) + " into the pause)";
    }

    private static String ms(long nanos) {
        return nanos / 1_000_000 + " ms";
    }
}
