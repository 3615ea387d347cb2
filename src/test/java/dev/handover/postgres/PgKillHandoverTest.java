package dev.handover.postgres;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.cli.Cli;
import dev.handover.journal.Journal;
import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a real {@code handover run} (a child JVM, as an operator would start it) during a
 * long catch-up on a real cluster: its freeze keeper lifts the freeze within the lease; and when the
 * keeper is killed too, the freeze stays, visible, until {@code recover --release} lifts it.
 */
@RealServer
class PgKillHandoverTest {
    private static final AtomicLong IDS = new AtomicLong(2_000_000);
    private static LoopbackCluster cluster;

    @TempDir
    Path dir;
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = LoopbackCluster.start(2);
        // The target receives nothing more: a catch-up that lasts until the run's deadline.
        try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=pg2'");
            st.execute("SELECT pg_reload_conf()");
        }
        Await.until("pg2's walreceiver to stop (streaming receivers)", Duration.ofSeconds(20), () -> {
            try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")) {
                rs.next();
                return rs.getInt(1);
            }
        }, n -> n == 0);
        assertTrue(writable());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Nothing this test started outlives it, whatever failed. */
    @AfterEach
    void killLeftovers() {
        for (ProcessHandle h : started) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : started) {
            Await.exited("process " + h.pid() + " to end", Duration.ofSeconds(20), h);
        }
    }

    @Test
    void killMinus9OfTheRunMidCatchUpResumesWritesWithinTheLease() throws Exception {
        Run run = startRunAndAwaitCatchUp();
        assertFalse(writable(), "frozen while the run waits for pg2");

        long killed = System.nanoTime();
        run.process().destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no word to the keeper
        Await.until("an ordinary session to write on pg1 again", Duration.ofSeconds(30), PgKillHandoverTest::write, "wrote"::equals);
        Duration outage = Duration.ofNanos(System.nanoTime() - killed);

        System.out.printf(Locale.ROOT, "[measured] kill -9 of `handover run` mid catch-up -> ordinary session writes on pg1 "
                + "again after %d ms (lease %d ms)%n", outage.toMillis(), KeeperProcess.LEASE.toMillis());
        assertTrue(outage.compareTo(KeeperProcess.LEASE) < 0, "writes resumed within the lease: " + outage.toMillis() + "ms");
        Await.exited("the keeper to exit", Duration.ofSeconds(10), run.keeper());
        String log = keeperLog(run.keeper().pid());
        assertTrue(log.contains("the run's process ended (its pipe closed)"), log);
        assertTrue(log.contains("released: writes resumed on pg1"), log);

        // The journal still says the run is unfinished; recover --release finds nothing to lift and closes it.
        Recovery pending = single(Journal.at(journal()).pendingRecoveries());
        assertEquals(RecoveryAction.RESUME_WRITES, pending.action(), pending.advice());
        Result release = cli("recover", "--journal", journal().toString(), "--release", pending.runId());
        assertEquals(0, release.code(), release.out() + release.err());
        assertTrue(release.out().contains("Nothing to release: pg1 is not frozen"), release.out());
        assertTrue(Journal.at(journal()).pendingRecoveries().isEmpty());
    }

    @Test
    void whenTheKeeperDiesTooTheFreezeStaysVisibleAndRecoverReleaseLiftsIt() throws Exception {
        Run run = startRunAndAwaitCatchUp();
        // Both die at once, as in a machine-wide OOM kill: the keeper is stopped first so that neither
        // notices the other (a run that sees its keeper gone aborts and resumes writes itself).
        signal("STOP", run.keeper());
        run.process().destroyForcibly();
        Await.exited("the run to die", Duration.ofSeconds(10), run.process());
        run.keeper().destroyForcibly();
        Await.exited("the keeper to die", Duration.ofSeconds(10), run.keeper());

        assertFalse(writable(), "nothing lifts the freeze once the keeper is gone too");
        Result status = cli("status", "--cluster", "pg:" + cluster.definitionFile());
        assertTrue(status.out().contains("WRITES FROZEN"), status.code() + " " + status.out() + status.err());
        Recovery pending = single(Journal.at(journal()).pendingRecoveries());
        assertEquals(RecoveryAction.RESUME_WRITES, pending.action(), pending.advice());

        Result release = cli("recover", "--journal", journal().toString(), "--release", pending.runId());

        assertEquals(0, release.code(), release.out() + release.err());
        assertTrue(release.out().contains("Released: writes resumed on pg1"), release.out());
        assertTrue(writable());
        assertTrue(Journal.at(journal()).pendingRecoveries().isEmpty(), "acknowledged once released");
    }

    @Test
    void aRunThatHangsPastTheLeaseHasItsFreezeLiftedAndAbortsWhenItWakes() throws Exception {
        Run run = startRunAndAwaitCatchUp();
        signal("STOP", run.process().toHandle()); // a hung process: alive, its pipe open, no heartbeat
        long stopped = System.nanoTime();
        Await.until("the keeper to lift the freeze", Duration.ofSeconds(30), PgKillHandoverTest::write, "wrote"::equals);
        Duration outage = Duration.ofNanos(System.nanoTime() - stopped);
        System.out.printf(Locale.ROOT, "[measured] `handover run` stopped (SIGSTOP) mid catch-up -> writes on pg1 again after "
                + "%d ms (lease %d ms)%n", outage.toMillis(), KeeperProcess.LEASE.toMillis());
        assertTrue(outage.compareTo(KeeperProcess.LEASE.plusSeconds(2)) < 0, "within the lease and the lift: " + outage.toMillis());
        assertTrue(keeperLog(run.keeper().pid()).contains("no word from the run for"), keeperLog(run.keeper().pid()));

        signal("CONT", run.process().toHandle());
        assertTrue(run.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the run ends once it wakes");
        String said = read(dir.resolve("run.out"));
        assertEquals(2, run.process().exitValue(), "aborted, nothing committed: " + said);
        assertTrue(said.contains("freeze lease") && said.contains("already lifted"), said);
        assertTrue(writable());
        assertTrue(Journal.at(journal()).pendingRecoveries().isEmpty(), "an aborted run with writes resumed needs nothing");
    }

    private record Run(Process process, ProcessHandle keeper) {
    }

    private record Result(int code, String out, String err) {
    }

    /** {@code handover run} in a child JVM, journaling into {@link #journal()}; returns once it polls pg2 with pg1 frozen. */
    private Run startRunAndAwaitCatchUp() throws IOException, SQLException {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-D" + KeeperProcess.LOG_PROPERTY + "=" + keeperLogFile(), "dev.handover.Main",
                "run", "--cluster", "pg:" + cluster.definitionFile(), "--target", "pg2", "--mode", "coordinated",
                // The stalled standby fails the preflight on purpose: the run must get as far as the freeze.
                "--deadline", "5m", "--poll", "50ms", "--journal", journal().toString(), "--run-anyway")
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile()).start();
        started.add(p.toHandle());
        Path journalFile = journal().resolve(Journal.FILE_NAME);
        Await.until("the run to poll pg2 with pg1 frozen (its journal)", Duration.ofSeconds(90), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("handover run exited early (" + p.exitValue() + "): " + read(dir.resolve("run.out")));
            }
            return Files.exists(journalFile) ? read(journalFile) : "no journal yet";
        }, journal -> journal.contains("\"polled\""));
        ProcessHandle keeper = p.descendants().filter(h -> h.info().commandLine().orElse("").contains(FreezeKeeper.class.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no freeze keeper under the run"));
        started.add(keeper);
        return new Run(p, keeper);
    }

    private static void signal(String name, ProcessHandle h) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(h.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    private Path journal() {
        return dir.resolve("journal");
    }

    private Path keeperLogFile() {
        return dir.resolve("keeper.log");
    }

    private String keeperLog(long pid) {
        return read(keeperLogFile()).lines().filter(l -> l.contains(" keeper " + pid + " ")).reduce("", (a, b) -> a + b + "\n");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private static boolean writable() {
        return write().equals("wrote");
    }

    /** One insert from a new session on pg1: "wrote", or why not (what a wait for writes says it last saw). */
    private static String write() {
        try (Connection fresh = cluster.connect("pg1"); Statement st = fresh.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
            return "wrote";
        } catch (SQLException e) {
            return "refused: " + e.getMessage();
        }
    }

    private Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                journal(), Installed.backends()).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
