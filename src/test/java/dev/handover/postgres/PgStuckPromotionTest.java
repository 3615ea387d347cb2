package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.journal.Journal;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.Faults;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, finding 4: a Force to a target whose walreceiver or startup process is stopped ({@code kill -STOP})
 * cannot promote, and would the moment it is continued. A real {@code handover run}, behind a real PgBouncer,
 * with a short promotion limit ({@code -Dhandover.promoteWaitMs}, the drill's knob): the commit says live that it is
 * asking pg2 to promote (read from its output while it still runs), stops pg2 when the limit passes, sees in pg2's
 * data directory that it never promoted, restarts pg1 as the primary and aborts with writes resumed (exit 2), and
 * resumes the bouncer toward pg1 only. An observer with its own connections polls both nodes every 20 ms for the
 * whole scenario — through the run, the SIGCONT of the stopped walreceiver and a restart of pg2 — and never sees two
 * writable primaries (pg2 is never writable at all).
 */
@RealServer
class PgStuckPromotionTest {
    private static final AtomicLong IDS = new AtomicLong(3_000_000);

    @TempDir
    Path dir;

    /**
     * {@code walreceiver}: the startup process takes the promotion request and waits for the stopped walreceiver to
     * exit. {@code startup}: the startup process itself is stopped, the request (the promote file) never read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"walreceiver", "startup"})
    void aTargetThatCannotPromoteIsStoppedAndTheOldPrimaryTakesWritesAgainWithTheBouncerBehindIt(String stopped) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             Observer observer = new Observer(cluster, List.of("pg1", "pg2"))) {
            long stoppedPid = backendPid(cluster, "pg2", stopped);
            signal("STOP", stoppedPid);
            try {
                for (int i = 0; i < 50; i++) { // pg2 receives none of these: a Force skips them
                    write(cluster);
                }
                observer.start();
                Path out = dir.resolve("run.out");
                // --run-anyway: the DBA forces to a target known stuck. The preflight fails it once the primary has had
                // no reply for 3 s (under load that is before the run starts), and rightly refuses without the override.
                Process run = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                        "-D" + PgCommit.PROMOTE_WAIT_PROPERTY + "=3000", "-D" + KeeperProcess.LOG_PROPERTY + "=" + dir.resolve("keeper.log"),
                        "dev.handover.Main", "run", "--cluster", "pg:" + b.definitionFile(), "--target", "pg2", "--mode", "force",
                        "--deadline", "1s", "--poll", "50ms", "--force-approval", "approve", "--run-anyway",
                        "--journal", dir.resolve("journal").toString())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                try {
                    // (c) the commit's progress while it waits, read while the run is still going
                    await("a live line \"asking pg2 to promote\" while the run goes", () -> "output so far: " + tail(out),
                            Duration.ofSeconds(90), () -> {
                                if (!run.isAlive()) {
                                    throw new AssertionError("the run ended before saying it asks pg2 to promote: " + read(out));
                                }
                                return read(out).contains("asking pg2 to promote, ");
                            });
                    assertTrue(run.isAlive(), "still running when the progress line was read");
                    assertTrue(run.waitFor(180, TimeUnit.SECONDS), "the run ended: " + read(out));
                } finally {
                    run.destroyForcibly();
                }
                String said = read(out);
                System.out.println("[handover run, target's " + stopped + " stopped]\n" + said);
                assertEquals(2, run.exitValue(), "aborted, nothing committed: " + said);
                assertTrue(said.contains("ABORTED (commit-withdrawn)"), said);
                assertTrue(said.contains("nothing was promoted and pg2 cannot promote (stopped)"), said);
                assertTrue(said.contains("pg2's control file says in archive recovery"), said);
                assertFalse(said.contains("OUTCOME UNKNOWN"), said);

                // pg2 is down; pg1 is the primary and takes writes, directly and through the bouncer, which routes to it.
                assertFalse(observer.writable("pg2"), "pg2 is stopped");
                await("pg1 to take writes", observer::last, Duration.ofSeconds(10), () -> observer.writable("pg1"));
                try (Connection admin = b.admin(); Statement st = admin.createStatement();
                     ResultSet rs = st.executeQuery("SHOW DATABASES")) {
                    boolean seen = false;
                    while (rs.next()) {
                        if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                            seen = true;
                            assertEquals(0, rs.getInt("paused"), "the pool was resumed");
                            assertEquals(cluster.node("pg1").port(), rs.getInt("port"), "toward pg1, the node that takes writes");
                        }
                    }
                    assertTrue(seen, "SHOW DATABASES lists " + LoopbackBouncer.DATABASE);
                }
                try (Connection c = b.client(); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
                }
            } finally {
                signal("CONT", stoppedPid); // gone by now (killed with pg2); harmless if so
            }
            // pg2 cannot promote later: started again it comes back a standby, and stays one.
            Faults.restart(cluster, "pg2");
            await("pg2 to answer again as a standby", observer::last, Duration.ofSeconds(60), () -> observer.inRecovery("pg2"));
            long samples = observer.samples();
            await("the observer to keep polling for a while after pg2's restart", () -> observer.samples() + " samples; "
                    + observer.last(), Duration.ofSeconds(30), () -> observer.samples() > samples + 100);
            assertTrue(observer.inRecovery("pg2"), "pg2 still a standby");
            observer.close();
            assertEquals(List.of(), observer.violations(), "never two writable primaries, pg2 never writable");
            assertTrue(Journal.at(dir.resolve("journal")).pendingRecoveries().isEmpty(),
                    "an aborted run with writes resumed leaves nothing to recover");
        }
    }

    /**
     * The same stuck target, but with no {@code local} block in the definition: the run cannot stop it, so its
     * promotion request may still complete. Then pg1 must NOT come back as primary (two writable primaries would be
     * possible), the outcome is unknown (exit 4) with the steps, and the pool stays PAUSED — never resumed toward the
     * stopped pg1 — named with the command that resumes it. The operator then does as told: stops pg2 before anything
     * continues it.
     */
    @Test
    void aTargetThatCannotBeStoppedFromHereLeavesTheOldPrimaryDownAndThePoolPaused() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             Observer observer = new Observer(cluster, List.of("pg1", "pg2"))) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode def =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(b.definitionFile().toFile());
            for (com.fasterxml.jackson.databind.JsonNode n : def.get("nodes")) {
                if (n.get("id").asText().equals("pg2")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("local");
                }
            }
            Path definition = dir.resolve("pg2-not-local.json");
            json.writerWithDefaultPrettyPrinter().writeValue(definition.toFile(), def);

            long stoppedPid = backendPid(cluster, "pg2", "walreceiver");
            signal("STOP", stoppedPid);
            for (int i = 0; i < 50; i++) {
                write(cluster);
            }
            observer.start();
            Path out = dir.resolve("run.out");
            Process run = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                    "-D" + PgCommit.PROMOTE_WAIT_PROPERTY + "=3000", "-D" + KeeperProcess.LOG_PROPERTY + "=" + dir.resolve("keeper.log"),
                    "dev.handover.Main", "run", "--cluster", "pg:" + definition, "--target", "pg2", "--mode", "force",
                    "--deadline", "1s", "--poll", "50ms", "--force-approval", "approve", "--run-anyway",
                        "--journal", dir.resolve("journal").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                assertTrue(run.waitFor(180, TimeUnit.SECONDS), "the run ended: " + read(out));
            } finally {
                run.destroyForcibly();
            }
            String said = read(out);
            System.out.println("[handover run, target stuck and not local]\n" + said);
            assertEquals(4, run.exitValue(), "outcome unknown: " + said);
            assertTrue(said.contains("pg2 could NOT be made safe"), said);
            assertTrue(said.contains("so pg1 is stopped (shut down cleanly by this commit) and was NOT restarted as primary"), said);
            assertTrue(said.contains("PgBouncer pools STILL PAUSED, clients wait") && said.contains("pgb1/" + LoopbackBouncer.DATABASE)
                    && said.contains("pgbouncer -c 'RESUME " + LoopbackBouncer.DATABASE + "'"), said);
            try (Connection admin = b.admin(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SHOW DATABASES")) {
                boolean seen = false;
                while (rs.next()) {
                    if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                        seen = true;
                        assertEquals(1, rs.getInt("paused"), "not resumed toward the stopped pg1");
                    }
                }
                assertTrue(seen, "SHOW DATABASES lists " + LoopbackBouncer.DATABASE);
            }
            assertFalse(observer.writable("pg1") || observer.writable("pg2"), "no node takes writes: " + observer.last());
            // The operator's first step: stop pg2 (every process at once: a stopped one cannot exit by itself) before
            // anything continues its walreceiver.
            long postmaster = Faults.postmasterPid(cluster, "pg2");
            List<Long> all = new ArrayList<>(List.of(postmaster));
            ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
            List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
            all.forEach(pid -> kill.add(Long.toString(pid)));
            new ProcessBuilder(kill).redirectErrorStream(true).start().waitFor();
            await("every process of pg2 gone", () -> "still there: " + all.stream().filter(pid -> ProcessHandle.of(pid)
                    .map(ProcessHandle::isAlive).orElse(false)).toList(), Duration.ofSeconds(30), () -> all.stream()
                    .allMatch(pid -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || zombie(pid)));
            signal("CONT", stoppedPid);
            observer.close();
            assertEquals(List.of(), observer.violations(), "never two writable primaries, pg2 never writable");
        }
    }

    /**
     * Polls each node on a thread of its own every 20 ms with its own JDBC session (reconnecting, bounded by 1 s
     * timeouts, when a node is down or hung) and keeps when each was last seen writable; a node seen writable while
     * another was seen writable within the same 100 ms is a violation, and so is pg2 seen writable at all.
     */
    private static final class Observer implements AutoCloseable {
        private final LoopbackCluster cluster;
        private final List<String> nodes;
        private final java.util.Map<String, AtomicLong> lastWritable = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, AtomicReference<String>> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong samples = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;

        Observer(LoopbackCluster cluster, List<String> nodes) {
            this.cluster = cluster;
            this.nodes = nodes;
            for (String n : nodes) {
                lastWritable.put(n, new AtomicLong(-1));
                lastSeen.put(n, new AtomicReference<>("not polled yet"));
            }
        }

        void start() {
            for (String n : nodes) {
                Thread t = new Thread(() -> poll(n), "observer-" + n);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            Await.until("the observer's first samples", Duration.ofSeconds(10), () -> samples.get(), n -> n >= nodes.size());
        }

        private void poll(String node) {
            Connection c = null;
            while (!stop) {
                long began = System.nanoTime();
                String seen;
                try {
                    if (c == null) {
                        Properties p = new Properties();
                        p.setProperty("user", "postgres");
                        p.setProperty("password", cluster.shape().password());
                        p.setProperty("connectTimeout", "1");
                        p.setProperty("loginTimeout", "1");
                        p.setProperty("socketTimeout", "1");
                        c = DriverManager.getConnection(cluster.node(node).jdbcUrl(), p);
                    }
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")) {
                        rs.next();
                        boolean recovery = rs.getBoolean(1);
                        boolean writable = !recovery && rs.getString(2).equals("off");
                        seen = recovery ? "standby" : writable ? "WRITABLE" : "primary, read-only (frozen)";
                        if (writable) {
                            lastWritable.get(node).set(began);
                            check(node, began);
                        }
                    }
                } catch (SQLException e) {
                    seen = "no answer (" + e.getMessage() + ")";
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (SQLException ignored) {
                        // already gone
                    }
                    c = null;
                }
                lastSeen.get(node).set(seen);
                samples.incrementAndGet();
                LockSupport.parkNanos(Math.max(0, Duration.ofMillis(20).toNanos() - (System.nanoTime() - began)));
            }
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // closing
            }
        }

        private void check(String node, long at) {
            if (node.equals("pg2")) {
                violations.add("pg2 seen writable at +" + at / 1_000_000 + " ms");
            }
            for (String other : nodes) {
                long t = lastWritable.get(other).get();
                if (!other.equals(node) && t >= 0 && Math.abs(at - t) < Duration.ofMillis(100).toNanos()) {
                    violations.add(node + " and " + other + " both seen writable within 100 ms");
                }
            }
        }

        boolean writable(String node) {
            return lastSeen.get(node).get().equals("WRITABLE");
        }

        boolean inRecovery(String node) {
            return lastSeen.get(node).get().equals("standby");
        }

        long samples() {
            return samples.get();
        }

        String last() {
            StringBuilder s = new StringBuilder();
            nodes.forEach(n -> s.append(n).append(": ").append(lastSeen.get(n).get()).append("; "));
            return s.toString();
        }

        List<String> violations() {
            synchronized (violations) {
                return List.copyOf(violations);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            for (Thread t : threads) {
                t.join(5_000);
            }
        }
    }

    /** A bounded wait whose failure says what it last saw. */
    private static void await(String what, java.util.function.Supplier<String> seen, Duration timeout,
                              java.util.function.BooleanSupplier condition) {
        Await.until(what, timeout, condition, seen::get);
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private static long backendPid(LoopbackCluster cluster, String node, String type) throws SQLException {
        try (Connection c = cluster.connect(node); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE backend_type = '" + type + "'")) {
            assertTrue(rs.next(), node + " has a " + type);
            return rs.getLong(1);
        }
    }

    private static void write(LoopbackCluster cluster) throws SQLException {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
        }
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start().waitFor();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file) {
        String s = read(file);
        return s.length() <= 1500 ? s : "..." + s.substring(s.length() - 1500);
    }
}
