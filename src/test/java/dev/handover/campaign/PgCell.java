package dev.handover.campaign;

import dev.handover.testing.Await;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.postgres.harness.Faults;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL + PgBouncer scenario: an application writes through the bouncer, {@code handover run} (forced,
 * approved, as a script runs it) is halted or held at {@code step}, {@code fault} is injected, the run goes on;
 * then {@code recover} and the command it names ({@code --release} or {@code --repair}) as a DBA would run it,
 * twice; and the {@link Observer}'s rules are checked on what the nodes and the bouncer showed throughout.
 */
final class PgCell {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    private final PgWorld world;
    private final Fault fault;
    private final Step step;
    private final Path dir;
    private final Cell cell;
    private final long firstId;
    private final String primary;
    private final String target;
    private final String sibling;
    private final Set<String> killed = new HashSet<>();
    private final List<Long> stopped = new ArrayList<>();
    private boolean bouncerKilled;
    private String savedConninfo;
    private boolean replayPaused;

    PgCell(PgWorld world, Fault fault, Step step, Path dir, Cell cell, long firstId) {
        this.world = world;
        this.fault = fault;
        this.step = step;
        this.dir = dir;
        this.cell = cell;
        this.firstId = firstId;
        this.primary = world.primary;
        this.target = world.standbys().get(0);
        this.sibling = world.standbys().get(1);
    }

    private LoopbackCluster cluster() {
        return world.cluster;
    }

    /** Runs the scenario; the final primary's id when exactly one node takes writes at the end. */
    Optional<String> run() throws Exception {
        cell.log("primary " + primary + ", target " + target + ", sibling " + sibling);
        List<Observer.Probe> probes = cluster().nodes().stream()
                .map(n -> Observer.Probe.postgres(n.id(), n.port(), cluster().shape().password())).toList();
        Path journal = dir.resolve("journal");
        try (Observer observer = Observer.start(probes)) {
            AckedWriter writer = AckedWriter.start(world.bouncer.clientUrl(), cluster().shape().password(), Duration.ofMillis(20), firstId);
            Dba dba = new Dba(journal, cell);
            try {
                Await.until("the application's first acknowledged rows through PgBouncer", Duration.ofSeconds(60),
                        () -> writer.acks().size(), n -> n >= 5);
                if (step.needsLag()) {
                    makeTargetLag(writer);
                }
                boolean died = runAndInject(journal);
                afterTheRunEnded(observer, died);
                afterRun();
                repair(dba, "first", observer);
                if (fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR) {
                    continueStopped();
                    cell.log("walreceiver resumed after the first repair; "
                            + (Await.upTo(Duration.ofSeconds(8), () -> inRecovery(target), in -> !in).met() ? target + " left recovery"
                            : target + " still in recovery 8 s later"));
                }
                repair(dba, "second", observer);
                Await.Seen<String> settled = Await.upTo(Duration.ofSeconds(20), () -> {
                    Observer.Now now = observer.writableNow(Duration.ofSeconds(3));
                    return (now.writable().size() == 1 && !poolPaused().orElse(false) ? "settled: " : "") + now + "; pool paused: "
                            + poolPaused().map(String::valueOf).orElse("unknown");
                }, seen -> seen.startsWith("settled: "));
                cell.log(settled.met() ? "settled: one writable node, pool not paused"
                        : "not settled 20 s after the second repair; last saw: " + settled.lastRead());
            } finally {
                continueStopped();
                writer.close();
            }
            return check(observer, writer, journal, dba.approvedTotal());
        }
    }

    /** The target receives nothing more before the freeze: the run has to wait for it, or reaches the force prompt. */
    private void makeTargetLag(AckedWriter writer) throws SQLException {
        if (fault == Fault.RECEIVER_STOPPED || fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR) {
            stopReceiver(); // the fault itself is what makes it lag, as in the DBA's session
        } else {
            try (Connection c = cluster().connect(target); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SHOW primary_conninfo")) {
                    rs.next();
                    savedConninfo = rs.getString(1);
                }
                st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=" + target + "'");
                st.execute("SELECT pg_reload_conf()");
            }
            Await.until(target + "'s walreceiver to stop streaming (its pid)", Duration.ofSeconds(30), this::receiverPid,
                    Optional::isEmpty);
            cell.log("cut " + target + "'s replication link (primary_conninfo to port 1) so that it lags");
        }
        int acked = writer.acks().size();
        Await.until("ten more acknowledged rows the target lacks", Duration.ofSeconds(30), () -> writer.acks().size(),
                n -> n >= acked + 10);
    }

    private void restoreLink() {
        if (savedConninfo == null) {
            return;
        }
        try (Connection c = cluster().connect(target); Statement st = c.createStatement()) {
            if (!bool(st, "SELECT pg_is_in_recovery()")) {
                savedConninfo = null;
                return;
            }
            st.execute("ALTER SYSTEM SET primary_conninfo = '" + savedConninfo.replace("'", "''") + "'");
            st.execute("SELECT pg_reload_conf()");
            savedConninfo = null;
            cell.log("restored " + target + "'s replication link");
        } catch (SQLException e) {
            cell.log("could not restore " + target + "'s link yet: " + e.getMessage());
        }
    }

    private List<String> runArgs(Path journal) {
        return List.of("run", "--cluster", "pg:" + world.bouncer.definitionFile(), "--target", target, "--mode", "force",
                "--deadline", step == Step.FORCE_PROMPT ? "1s" : "15s", "--poll", "50ms", "--force-approval", "approve",
                // Cells whose fault comes before the run force through a failing preflight, as a DBA must say so.
                "--run-anyway", "--journal", journal.toString());
    }

    /** True when the run died (kill -9), false when it exited. */
    private boolean runAndInject(Path journal) throws Exception {
        boolean halt = fault == Fault.KILL_HANDOVER;
        Map<String, String> env = new HashMap<>(cluster().environment());
        HeldRun run = HeldRun.start(dir.resolve("run"), step.pgPoint, halt, env, runArgs(journal));
        try {
            if (halt) {
                int exit = run.awaitExit(RUN_LIMIT);
                if (exit != HeldRun.HALTED) {
                    throw new AssertionError("the run ended with exit " + exit + " before reaching " + step.label + ":\n" + run.output());
                }
                cell.log("handover killed (kill -9) at " + step.label);
                if (step == Step.CATCHING_UP) {
                    restoreLink();
                }
                return true;
            }
            if (!run.awaitHeld(Duration.ofSeconds(120))) {
                throw new AssertionError("the run ended (exit " + run.awaitExit(Duration.ofSeconds(5)) + ") before reaching "
                        + step.label + ":\n" + run.output());
            }
            inject();
            run.go();
            CompletableFuture<Void> resume = CompletableFuture.completedFuture(null);
            if (fault == Fault.RECEIVER_STOPPED) {
                // Resumed while the run goes on, two seconds later, as a hung process that wakes up.
                resume = CompletableFuture.runAsync(this::continueStopped,
                        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
            }
            if (step == Step.CATCHING_UP) {
                restoreLink(); // the link comes back while the run waits: it can catch up
            }
            int exit = run.awaitExit(RUN_LIMIT);
            resume.join();
            String out = run.output();
            cell.log("run exit " + exit + "; its output ends:\n" + tail(out, 12));
            return false;
        } finally {
            run.killLeftovers();
        }
    }

    private void inject() throws Exception {
        switch (fault) {
            case KILL_HANDOVER -> throw new IllegalStateException("halted, not held");
            case RECEIVER_STOPPED, RECEIVER_STOPPED_UNTIL_REPAIR -> {
                if (stopped.isEmpty()) {
                    stopReceiver();
                }
            }
            case REPLAY_PAUSED -> {
                try (Connection c = cluster().connect(target); Statement st = c.createStatement()) {
                    st.execute("SELECT pg_wal_replay_pause()");
                }
                replayPaused = true;
                cell.log("paused replay on " + target);
            }
            case TARGET_KILLED -> kill(target);
            case OLD_PRIMARY_KILLED -> kill(primary);
            case SIBLING_DOWN -> kill(sibling);
            case BOUNCER_KILLED -> {
                world.bouncer.kill();
                bouncerKilled = true;
                cell.log("killed the bouncer (SIGKILL)");
            }
        }
        cell.log("injected: " + fault.label + ", step: " + step.label);
    }

    private void kill(String id) {
        Faults.kill(cluster(), id);
        killed.add(id);
        cell.log("killed " + id + "'s server (SIGKILL to its postmaster)");
    }

    private void stopReceiver() {
        long[] found = {0};
        Await.until(target + " to have a walreceiver to stop", Duration.ofSeconds(30), () -> {
            Optional<Long> pid = receiverPid();
            String seen = pid.map(p -> "pid " + p).orElse("no walreceiver");
            pid.ifPresent(p -> {
                signal("STOP", p); // at once: between two connection attempts it may be gone in milliseconds
                found[0] = title(p).contains("walreceiver") ? p : -p;
            });
            if (found[0] < 0) {
                signal("CONT", -found[0]); // it was gone, and its pid taken by something else: leave that be
                found[0] = 0;
                seen += ", gone before it was stopped";
            }
            return seen;
        }, seen -> found[0] > 0);
        long pid = found[0];
        stopped.add(pid);
        cell.log("stopped " + target + "'s walreceiver (SIGSTOP " + pid + ")");
    }

    private synchronized void continueStopped() {
        for (long pid : stopped) {
            signal("CONT", pid);
            cell.log("resumed walreceiver " + pid + " (SIGCONT)");
        }
        stopped.clear();
    }

    /**
     * The target's walreceiver, found among its postmaster's children by the title PostgreSQL gives it: with the old
     * primary stopped it lives only for a moment between two connection attempts, too short to be seen through
     * {@code pg_stat_wal_receiver} reliably.
     */
    private Optional<Long> receiverPid() {
        long postmaster;
        try {
            postmaster = Faults.postmasterPid(cluster(), target);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid)
                .filter(pid -> title(pid).contains("walreceiver")).findFirst();
    }

    private static String title(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Rule (iv) as the run ends, before anyone else acts. A run that died leaves its freeze and its paused pools to
     * its freeze keeper: within {@link #RELEASE_GRACE} (the keeper's lease and its lift) no node that answers is a
     * frozen primary and PgBouncer's pool is not paused. One exception, for a run killed once its commit began: a pool
     * may only be resumed toward a node verified writable, so when no node takes writes at the end of the grace (seen
     * through the observer's own connections: the old primary stopped, the target never promoted) a pool left PAUSED
     * is the right outcome; when a node does take writes, the pool must have been resumed. A run that exited may leave
     * the pool paused (saying so), but a pool it resumed must route to a node that takes writes: clients let through
     * to a stopped or read-only node only get errors.
     */
    private void afterTheRunEnded(Observer observer, boolean died) {
        if (died) {
            String[] last = {""};
            boolean clear = Await.upTo(RELEASE_GRACE, () -> {
                List<String> frozen = frozenPrimaries();
                boolean paused = poolPaused().orElse(false);
                last[0] = (frozen.isEmpty() ? "" : "frozen primaries " + frozen + " ") + (paused ? "pool PAUSED" : "");
                return last[0];
            }, String::isEmpty).met();
            List<String> writers = clear || step.beforeCommit() ? List.of() : writers();
            boolean pausedForNoWriter = !clear && !step.beforeCommit() && frozenPrimaries().isEmpty()
                    && poolPaused().orElse(false) && writers.isEmpty();
            if (pausedForNoWriter) {
                cell.log("after the run died during its commit: the pool is left PAUSED and no node takes writes (the "
                        + "observer's own sessions), so there is no node it may be resumed toward");
            } else if (!clear) {
                cell.violated(new Observer.Violation(observer.nowMs(), "frozen or paused after the run died",
                        RELEASE_GRACE.toSeconds() + " s after handover was killed: " + last[0]
                                + (step.beforeCommit() ? "" : writers.isEmpty() ? ""
                                : " although " + writers + " takes writes (a pool may stay paused only while no node does)")));
            } else {
                cell.log("after the run died: no frozen primary, pool not paused");
            }
            return;
        }
        Optional<Integer> routed = unpausedRoute();
        if (routed.isEmpty()) {
            cell.log("after the run exited: the pool is paused (or the bouncer is down)");
            return;
        }
        Optional<LoopbackCluster.Node> node = cluster().nodes().stream().filter(n -> n.port() == routed.get()).findFirst();
        String where = node.map(LoopbackCluster.Node::id).orElse("port " + routed.get());
        boolean takes = node.isPresent() && Await.upTo(Duration.ofSeconds(2), () -> takesWrites(node.get()), t -> t).met();
        if (!takes && fault == Fault.TARGET_KILLED && step.ordinal() >= Step.PROMOTING.ordinal() && where.equals(target)) {
            // The campaign killed the new primary once it was asked to promote: a pool routed there was resumed
            // toward a node that wrote then (the run's own check), and only the campaign's kill left it dead.
            cell.log("after the run exited: the pool routes to " + target + ", which the campaign killed after its promotion");
        } else if (takes) {
            cell.log("after the run exited: the pool is resumed toward " + where + ", which takes writes");
        } else {
            cell.violated(new Observer.Violation(observer.nowMs(), "pool resumed toward a node that takes no writes",
                    "the run exited with PgBouncer's pool resumed toward " + where + ", which does not take writes"));
        }
    }

    /** The port the pool routes to when it is not paused; empty when paused or unreadable. */
    private Optional<Integer> unpausedRoute() {
        try (Connection admin = world.bouncer.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                    return rs.getInt("paused") != 0 ? Optional.empty() : Optional.of(rs.getInt("port"));
                }
            }
        } catch (SQLException e) {
            // down
        }
        return Optional.empty();
    }

    private boolean takesWrites(LoopbackCluster.Node n) {
        try (Connection c = DriverManager.getConnection(n.jdbcUrl() + "?connectTimeout=1&socketTimeout=2", "postgres",
                cluster().shape().password()); Statement st = c.createStatement()) {
            return bool(st, "SELECT NOT pg_is_in_recovery() AND NOT current_setting('default_transaction_read_only')::bool");
        } catch (SQLException e) {
            return false;
        }
    }

    private static final Duration RELEASE_GRACE = Duration.ofSeconds(5);

    /** The nodes taking writes now, through the observer's own connections. */
    private List<String> writers() {
        return cluster().nodes().stream().filter(this::takesWrites).map(LoopbackCluster.Node::id).toList();
    }

    private List<String> frozenPrimaries() {
        List<String> out = new ArrayList<>();
        for (LoopbackCluster.Node n : cluster().nodes()) {
            try (Connection c = DriverManager.getConnection(n.jdbcUrl() + "?connectTimeout=1&socketTimeout=2", "postgres",
                    cluster().shape().password()); Statement st = c.createStatement()) {
                if (bool(st, "SELECT NOT pg_is_in_recovery() AND current_setting('default_transaction_read_only')::bool")) {
                    out.add(n.id());
                }
            } catch (SQLException e) {
                // down or hung: not a frozen primary anyone can reach
            }
        }
        return out;
    }

    /** What a service manager and a DBA would have done by the time they run recover: killed servers started again. */
    private void afterRun() {
        for (String id : killed) {
            try {
                Faults.restart(cluster(), id);
                cell.log("started " + id + " again after its crash, as its service would");
            } catch (IllegalStateException running) {
                cell.log(id + " is running again already (" + running.getMessage() + ")");
            } catch (RuntimeException e) {
                cell.log("could not start " + id + " again: " + e.getMessage());
            }
        }
        if (bouncerKilled) {
            try {
                world.bouncer.restart();
                cell.log("started the bouncer again, as its service would");
            } catch (IOException | RuntimeException e) {
                cell.log("could not start the bouncer again: " + e.getMessage());
            }
        }
        if (replayPaused) {
            try (Connection c = cluster().connect(target); Statement st = c.createStatement()) {
                if (bool(st, "SELECT pg_is_in_recovery()")) {
                    st.execute("SELECT pg_wal_replay_resume()");
                }
                cell.log("replay resumed on " + target + " after the run");
            } catch (SQLException e) {
                cell.log("could not resume replay on " + target + ": " + e.getMessage());
            }
        }
        restoreLink();
    }

    /** {@code recover} and the command it names, as a DBA copies it; rows on each node around it for rule (iii). */
    private void repair(Dba dba, String which, Observer observer) {
        Map<String, Set<Long>> held = ackedOnEachNode();
        Optional<dev.handover.cli.CliRun> r = dba.round(which, which.equals("second") && fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR);
        if (r.isPresent()) {
            discardedBy(which + " repair", held, r.get().out() + r.get().err(), observer.nowMs(), dba);
        }
    }

    /** Rule (iii): acknowledged rows a node held before a repair and nobody holds after it, with no approved count. */
    private void discardedBy(String what, Map<String, Set<Long>> before, String said, long atMs, Dba dba) {
        Map<String, Set<Long>> after = ackedOnEachNode();
        Set<Long> anywhereAfter = new HashSet<>();
        after.values().forEach(anywhereAfter::addAll);
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                continue; // not readable after: nothing can be said of it from here (rule ii still counts the final primary)
            }
            Set<Long> gone = new HashSet<>(e.getValue());
            gone.removeAll(anywhereAfter);
            long approved = dba.approvedOn(e.getKey());
            if (!gone.isEmpty() && approved >= gone.size()) {
                cell.log(what + " discarded " + gone.size() + " acknowledged rows of " + e.getKey() + ", approved with a count of " + approved);
            } else if (!gone.isEmpty()) {
                cell.violated(new Observer.Violation(atMs, "rewound/discarded without an approved count", what + " left "
                        + (approved < 0 ? "(approved without a count) " : approved > 0 ? "(approved: " + approved + ") " : "")
                        + gone.size() + " acknowledged rows that " + e.getKey() + " held before it on no node (e.g. "
                        + gone.stream().sorted().limit(5).toList() + "); the tool said: " + tail(said, 4).replace('\n', ' ')));
            }
        }
    }

    /** This cell's acknowledged ids each readable node holds now (a hung node, 2 s, is left out). */
    private Map<String, Set<Long>> ackedOnEachNode() {
        Map<String, Set<Long>> out = new LinkedHashMap<>();
        for (LoopbackCluster.Node n : cluster().nodes()) {
            try (Connection c = DriverManager.getConnection(n.jdbcUrl() + "?connectTimeout=2&socketTimeout=5", "postgres",
                    cluster().shape().password()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE + " WHERE id >= " + firstId)) {
                Set<Long> ids = new HashSet<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                out.put(n.id(), ids);
            } catch (SQLException e) {
                // unreachable or hung
            }
        }
        return out;
    }

    private Optional<String> check(Observer observer, AckedWriter writer, Path journal, long approvedByRepairs) {
        observer.twoWritable().forEach(cell::violated);
        // Rule (iv): once the run and its recovery are over, writes flow and no pool is held.
        Map<String, String> states = new LinkedHashMap<>();
        List<String> writable = new ArrayList<>();
        for (LoopbackCluster.Node n : cluster().nodes()) {
            try (Connection c = DriverManager.getConnection(n.jdbcUrl() + "?connectTimeout=2&socketTimeout=5", "postgres",
                    cluster().shape().password()); Statement st = c.createStatement()) {
                boolean recovery = bool(st, "SELECT pg_is_in_recovery()");
                boolean readOnly = bool(st, "SELECT current_setting('default_transaction_read_only')::bool");
                states.put(n.id(), recovery ? "standby" : readOnly ? "primary, FROZEN" : "primary, writable");
                if (!recovery && !readOnly) {
                    writable.add(n.id());
                }
                if (!recovery && readOnly) {
                    cell.violated(new Observer.Violation(observer.nowMs(), "writes left frozen", n.id()
                            + " is a primary with default_transaction_read_only = on after the run and its recovery"));
                }
            } catch (SQLException e) {
                states.put(n.id(), "no answer: " + e.getMessage());
            }
        }
        cell.log("at the end: " + states + "; " + observer.coverage());
        if (writable.isEmpty()) {
            cell.violated(new Observer.Violation(observer.nowMs(), "no writable primary", "no node takes writes after the run "
                    + "and its recovery: " + states));
        }
        Optional<Boolean> paused = poolPaused();
        if (paused.orElse(false)) {
            cell.violated(new Observer.Violation(observer.nowMs(), "pool left paused", "PgBouncer's pool "
                    + LoopbackBouncer.DATABASE + " is still PAUSED after the run and its recovery"));
        }
        try (Connection c = DriverManager.getConnection(world.bouncer.clientUrl().replace("socketTimeout=60", "socketTimeout=15"),
                "postgres", cluster().shape().password()); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " (id) VALUES (" + (firstId + 9_000_000) + ")");
        } catch (SQLException e) {
            cell.violated(new Observer.Violation(observer.nowMs(), "writes through PgBouncer fail", "an INSERT through the "
                    + "bouncer after the run and its recovery failed: " + e.getMessage()));
        }
        if (writable.size() != 1) {
            return Optional.empty();
        }
        String finalPrimary = writable.get(0);
        // Rule (ii): every acknowledged row is on the final primary, but for what the run's record counts as lost.
        Set<Long> there = ackedOnEachNode().getOrDefault(finalPrimary, Set.of());
        List<Long> missing = writer.acks().stream().map(AckedWriter.Ack::id).filter(id -> !there.contains(id)).sorted().toList();
        OptionalLong counted = RecordedLoss.in(journal);
        cell.log("final primary " + finalPrimary + ": " + writer.acks().size() + " acknowledged rows, " + missing.size()
                + " missing; the run's record counts " + (counted.isPresent() ? counted.getAsLong() + " lost" : "no lost transactions")
                + ", repairs approved discarding " + approvedByRepairs);
        if (missing.size() > counted.orElse(0) + approvedByRepairs) {
            cell.violated(new Observer.Violation(observer.nowMs(), "acknowledged rows lost beyond the record", missing.size()
                    + " acknowledged rows are not on the final primary " + finalPrimary + " (e.g. " + missing.stream().limit(5).toList()
                    + "), the run's record counts " + (counted.isPresent() ? counted.getAsLong() : "none")
                    + (approvedByRepairs > 0 ? " and repairs were approved to discard " + approvedByRepairs : "")));
        }
        return Optional.of(finalPrimary);
    }

    /** PgBouncer's own word, on an admin session of ours: is the pool paused? Empty when it cannot be read. */
    private Optional<Boolean> poolPaused() {
        try (Connection admin = world.bouncer.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                    return Optional.of(rs.getInt("paused") != 0);
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private boolean inRecovery(String id) {
        try (Connection c = cluster().connect(id); Statement st = c.createStatement()) {
            return bool(st, "SELECT pg_is_in_recovery()");
        } catch (SQLException e) {
            return true;
        }
    }

    private static boolean bool(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void signal(String sig, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
