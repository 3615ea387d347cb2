package dev.handover.campaign;

import dev.handover.testing.Await;
import dev.handover.mariadb.harness.AckedWriter;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * One MariaDB scenario, as {@link PgCell} on PostgreSQL: an application writes to whichever node takes writes,
 * {@code handover run} (forced, approved) is halted or held at {@code step}, the fault injected, then
 * {@code recover} and the command it names, twice; the {@link Observer} checks the same rules. The walreceiver's
 * part is the target's IO thread, replay's its SQL thread.
 */
final class MdbCell {
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    private final MariaDbLoopback cluster;
    private final Path definition;
    private final String primary;
    private final String target;
    private final String sibling;
    private final Fault fault;
    private final Step step;
    private final Path dir;
    private final Cell cell;
    private final long firstId;
    private final Set<String> killed = new HashSet<>();
    private boolean ioStopped;
    private boolean sqlStopped;
    private boolean lagBySql;

    MdbCell(MariaDbLoopback cluster, Path definition, String primary, Fault fault, Step step, Path dir, Cell cell, long firstId) {
        this.cluster = cluster;
        this.definition = definition;
        this.primary = primary;
        List<String> standbys = cluster.nodes().stream().map(MariaDbLoopback.Node::id).filter(id -> !id.equals(primary)).toList();
        this.target = standbys.get(0);
        this.sibling = standbys.get(1);
        this.fault = fault;
        this.step = step;
        this.dir = dir;
        this.cell = cell;
        this.firstId = firstId;
    }

    Optional<String> run() throws Exception {
        cell.log("primary " + primary + ", target " + target + ", sibling " + sibling);
        List<Observer.Probe> probes = cluster.nodes().stream()
                .map(n -> Observer.Probe.mariadb(n.id(), n.port(), MariaDbLoopback.ADMIN, MariaDbLoopback.ADMIN_PASSWORD)).toList();
        Path journal = dir.resolve("journal");
        Dba dba = new Dba(journal, cell);
        try (Observer observer = Observer.start(probes)) {
            AckedWriter writer = AckedWriter.start(cluster, Duration.ofMillis(20), firstId);
            try {
                Await.until("the application's first acknowledged rows", Duration.ofSeconds(60), () -> writer.acks().size(), n -> n >= 5);
                if (step.needsLag()) {
                    makeTargetLag(writer);
                }
                runAndInject(journal);
                afterTheRunEnded(observer);
                afterRun();
                repair(dba, "first", observer);
                if (fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR) {
                    resumeThreads();
                }
                repair(dba, "second", observer);
                Await.Seen<Observer.Now> settled = Await.upTo(Duration.ofSeconds(20), () -> observer.writableNow(Duration.ofSeconds(3)),
                        now -> now.writable().size() == 1);
                cell.log(settled.met() ? "settled: one writable node"
                        : "not settled 20 s after the second repair; last saw: " + settled.lastRead());
            } finally {
                resumeThreads();
                writer.close();
            }
            return check(observer, writer, journal, dba.approvedTotal());
        }
    }

    private void makeTargetLag(AckedWriter writer) throws SQLException {
        if (fault == Fault.RECEIVER_STOPPED || fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR) {
            stopThread("IO_THREAD");
        } else {
            stopThread("SQL_THREAD");
            lagBySql = fault != Fault.REPLAY_PAUSED; // the fault itself when it is replay's
        }
        int acked = writer.acks().size();
        Await.until("ten more acknowledged rows the target has not applied", Duration.ofSeconds(30),
                () -> writer.acks().size(), n -> n >= acked + 10);
    }

    private void stopThread(String thread) throws SQLException {
        try (Connection c = cluster.admin(cluster.node(target)); Statement st = c.createStatement()) {
            st.execute("STOP SLAVE " + thread);
        }
        if (thread.equals("IO_THREAD")) {
            ioStopped = true;
        } else {
            sqlStopped = true;
        }
        cell.log("STOP SLAVE " + thread + " on " + target);
    }

    private synchronized void resumeThreads() {
        if (!ioStopped && !sqlStopped) {
            return;
        }
        try (Connection c = cluster.admin(cluster.node(target)); Statement st = c.createStatement()) {
            boolean replica;
            try (ResultSet rs = st.executeQuery("SHOW ALL SLAVES STATUS")) {
                replica = rs.next();
            }
            if (replica) {
                st.execute("START SLAVE");
                cell.log("START SLAVE on " + target + " (threads resumed)");
            } else {
                cell.log(target + " has no replication configured any more: nothing to resume");
            }
            ioStopped = false;
            sqlStopped = false;
            lagBySql = false;
        } catch (SQLException e) {
            cell.log("could not resume " + target + "'s threads: " + e.getMessage());
        }
    }

    private List<String> runArgs(Path journal) {
        return List.of("run", "--cluster", "mariadb:" + definition, "--target", target, "--mode", "force",
                "--deadline", step == Step.FORCE_PROMPT ? "1s" : "15s", "--poll", "50ms", "--force-approval", "approve",
                // Cells whose fault comes before the run force through a failing preflight, as a DBA must say so.
                "--run-anyway", "--journal", journal.toString());
    }

    private void runAndInject(Path journal) throws Exception {
        boolean halt = fault == Fault.KILL_HANDOVER;
        HeldRun run = HeldRun.start(dir.resolve("run"), step.mariaDbPoint, halt,
                Map.of(MariaDbLoopback.PASSWORD_ENV, MariaDbLoopback.ADMIN_PASSWORD), runArgs(journal));
        try {
            if (halt) {
                int exit = run.awaitExit(RUN_LIMIT);
                if (exit != HeldRun.HALTED) {
                    throw new AssertionError("the run ended with exit " + exit + " before reaching " + step.label + ":\n" + run.output());
                }
                cell.log("handover killed (kill -9) at " + step.label);
                if (lagBySql) {
                    resumeThreads();
                }
                return;
            }
            if (!run.awaitHeld(Duration.ofSeconds(120))) {
                throw new AssertionError("the run ended (exit " + run.awaitExit(Duration.ofSeconds(5)) + ") before reaching "
                        + step.label + ":\n" + run.output());
            }
            inject();
            run.go();
            CompletableFuture<Void> resume = CompletableFuture.completedFuture(null);
            if (fault == Fault.RECEIVER_STOPPED) {
                resume = CompletableFuture.runAsync(this::resumeThreads, CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS));
            }
            if (step == Step.CATCHING_UP && lagBySql && !killed.contains(target)) {
                resumeThreads(); // replication comes back while the run waits: it can catch up
            }
            int exit = run.awaitExit(RUN_LIMIT);
            resume.join();
            cell.log("run exit " + exit + "; its output ends:\n" + PgCell.tail(run.output(), 12));
        } finally {
            run.killLeftovers();
        }
    }

    private void inject() throws Exception {
        switch (fault) {
            case KILL_HANDOVER, BOUNCER_KILLED -> throw new IllegalStateException(fault + " is not injected while held");
            case RECEIVER_STOPPED, RECEIVER_STOPPED_UNTIL_REPAIR -> {
                if (!ioStopped) {
                    stopThread("IO_THREAD");
                }
            }
            case REPLAY_PAUSED -> {
                if (!sqlStopped) {
                    stopThread("SQL_THREAD");
                }
            }
            case TARGET_KILLED -> kill(target);
            case OLD_PRIMARY_KILLED -> kill(primary);
            case SIBLING_DOWN -> kill(sibling);
        }
        cell.log("injected: " + fault.label + ", step: " + step.label);
    }

    private void kill(String id) {
        cluster.kill(id);
        killed.add(id);
        cell.log("killed " + id + "'s server (SIGKILL)");
    }

    private void afterTheRunEnded(Observer observer) {
        // MariaDB's freeze is a session's lock: it ends with the run's process. A fenced node is read_only by design;
        // what must hold is that some node takes writes once the run is over, unless the run's own commit is unknown.
        cell.log("after the run ended: " + observer.writableNow(Duration.ofSeconds(5)));
    }

    private void afterRun() {
        for (String id : killed) {
            try {
                if (!cluster.running(id)) {
                    cluster.restart(id);
                    cell.log("started " + id + " again after its crash, as its service would");
                }
            } catch (Exception e) {
                cell.log("could not start " + id + " again: " + e.getMessage());
            }
        }
        if (fault == Fault.REPLAY_PAUSED || lagBySql) {
            resumeThreads();
        }
    }

    private void repair(Dba dba, String which, Observer observer) {
        Map<String, Set<Long>> before = ackedOnEachNode();
        if (dba.round(which, which.equals("second") && fault == Fault.RECEIVER_STOPPED_UNTIL_REPAIR).isEmpty()) {
            return;
        }
        Map<String, Set<Long>> after = ackedOnEachNode();
        Set<Long> anywhere = new HashSet<>();
        after.values().forEach(anywhere::addAll);
        for (var e : before.entrySet()) {
            Set<Long> gone = new HashSet<>(e.getValue());
            gone.removeAll(anywhere);
            long approved = dba.approvedOn(e.getKey());
            if (!gone.isEmpty() && after.containsKey(e.getKey()) && approved < gone.size()) {
                cell.violated(new Observer.Violation(observer.nowMs(), "rewound/discarded without an approved count", which
                        + " repair left " + gone.size() + " acknowledged rows that " + e.getKey() + " held before it on no node"
                        + (approved != 0 ? " (approved: " + approved + ")" : "")));
            }
        }
    }

    private Map<String, Set<Long>> ackedOnEachNode() {
        Map<String, Set<Long>> out = new LinkedHashMap<>();
        for (MariaDbLoopback.Node n : cluster.nodes()) {
            try (Connection c = DriverManager.getConnection(n.url() + "?connectTimeout=2000&socketTimeout=5000",
                    MariaDbLoopback.ADMIN, MariaDbLoopback.ADMIN_PASSWORD); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + MariaDbLoopback.TABLE + " WHERE id >= " + firstId)) {
                Set<Long> ids = new HashSet<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                out.put(n.id(), ids);
            } catch (SQLException e) {
                // down
            }
        }
        return out;
    }

    private Optional<String> check(Observer observer, AckedWriter writer, Path journal, long approvedByRepairs) {
        observer.twoWritable().forEach(cell::violated);
        List<String> writable = new ArrayList<>();
        Map<String, String> states = new LinkedHashMap<>();
        for (MariaDbLoopback.Node n : cluster.nodes()) {
            boolean w = ClusterCheck.writable(cluster, n);
            states.put(n.id(), w ? "writable" : cluster.running(n.id()) ? "read_only" : "down");
            if (w) {
                writable.add(n.id());
            }
        }
        cell.log("at the end: " + states + "; " + observer.coverage());
        if (writable.isEmpty()) {
            cell.violated(new Observer.Violation(observer.nowMs(), "no writable primary", "no node takes writes after the run "
                    + "and its recovery: " + states));
            return Optional.empty();
        }
        if (writable.size() > 1) {
            return Optional.empty(); // rule (i) has it
        }
        String finalPrimary = writable.get(0);
        try (Connection c = DriverManager.getConnection(cluster.node(finalPrimary).url() + "?connectTimeout=2000&socketTimeout=15000",
                MariaDbLoopback.APP, MariaDbLoopback.APP_PASSWORD); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + MariaDbLoopback.TABLE + " (id, server_id) VALUES (" + (firstId + 9_000_000) + ", @@server_id)");
        } catch (SQLException e) {
            cell.violated(new Observer.Violation(observer.nowMs(), "writes fail", "an INSERT on the final primary "
                    + finalPrimary + " failed: " + e.getMessage()));
        }
        Set<Long> there = ackedOnEachNode().getOrDefault(finalPrimary, Set.of());
        List<Long> missing = writer.acks().stream().map(AckedWriter.Ack::id).filter(id -> !there.contains(id)).sorted().toList();
        OptionalLong counted = RecordedLoss.in(journal, true);
        cell.log("final primary " + finalPrimary + ": " + writer.acks().size() + " acknowledged rows, " + missing.size()
                + " missing; the run's record counts " + (counted.isPresent() ? counted.getAsLong() + " lost" : "no lost transactions"));
        if (missing.size() > counted.orElse(0) + approvedByRepairs) {
            cell.violated(new Observer.Violation(observer.nowMs(), "acknowledged rows lost beyond the record", missing.size()
                    + " acknowledged rows are not on the final primary " + finalPrimary + " (e.g. " + missing.stream().limit(5).toList()
                    + "), the run's record counts " + (counted.isPresent() ? counted.getAsLong() : "none")));
        }
        return Optional.of(finalPrimary);
    }
}
