package dev.handover.postgres;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.cli.Cli;
import dev.handover.journal.Journal;
import dev.handover.journal.Recovery;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, finding 5: {@code kill -9} of a real {@code handover run} mid catch-up, with pg1 frozen and the PgBouncer
 * pool paused. Its freeze keeper lifts the freeze and then RESUMEs the pool the run paused — seen on the bouncer's
 * own admin console (SHOW DATABASES), and by a client writing through it — within seconds, with nobody running
 * {@code recover}; the keeper's log says what it did, and {@code recover --release} then finds nothing frozen and
 * no pool paused.
 */
@RealServer
class PgKillHandoverBouncerTest {
    private static final AtomicLong IDS = new AtomicLong(4_000_000);

    @TempDir
    Path dir;

    @Test
    void killMinus9OfTheRunMidCatchUpHasItsKeeperResumeThePausedPool() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5))) {
            // The target receives nothing more: a catch-up that lasts until the run's deadline.
            try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement()) {
                st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=pg2'");
                st.execute("SELECT pg_reload_conf()");
            }
            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
            }
            Path journal = dir.resolve("journal");
            Path keeperLog = dir.resolve("keeper.log");
            Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "-D" + KeeperProcess.LOG_PROPERTY + "=" + keeperLog, "dev.handover.Main",
                    "run", "--cluster", "pg:" + b.definitionFile(), "--target", "pg2", "--mode", "coordinated",
                    "--deadline", "5m", "--poll", "50ms", "--journal", journal.toString(), "--run-anyway")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile()).start();
            ProcessHandle keeper = null;
            try {
                Path lines = journal.resolve(Journal.FILE_NAME);
                Await.until("the run to poll pg2 with pg1 frozen (its journal)", Duration.ofSeconds(90), () -> {
                    if (!run.isAlive()) {
                        throw new AssertionError("handover run exited early (" + run.exitValue() + "): " + read(dir.resolve("run.out")));
                    }
                    return read(lines);
                }, text -> text.contains("\"polled\""));
                keeper = run.descendants().filter(h -> h.info().commandLine().orElse("").contains(FreezeKeeper.class.getName()))
                        .findFirst().orElseThrow(() -> new AssertionError("no freeze keeper under the run"));
                assertEquals("paused", pool(b), "the pool is paused while the run waits");
                assertFalse(writable(cluster), "pg1 frozen while the run waits");

                long killed = System.nanoTime();
                run.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no word to the keeper
                try {
                    Await.until("the keeper to resume the pool (SHOW DATABASES)", Duration.ofSeconds(15), () -> pool(b),
                            "not paused"::equals);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; keeper log:\n" + read(keeperLog), e);
                }
                Duration held = Duration.ofNanos(System.nanoTime() - killed);
                System.out.printf(Locale.ROOT, "[measured] kill -9 of `handover run` mid catch-up -> PgBouncer pool resumed by "
                        + "the freeze keeper after %d ms%n", held.toMillis());
                assertTrue(writable(cluster), "the freeze was lifted first");
                try (Connection c = b.client(); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
                }
                ProcessHandle k = keeper;
                Await.exited("the keeper to exit", Duration.ofSeconds(20), k);
                String log = read(keeperLog);
                assertTrue(log.contains("told: the run pauses pgb1/" + LoopbackBouncer.DATABASE), log);
                assertTrue(log.contains("released: writes resumed on pg1"), log);
                assertTrue(log.contains("resumed PgBouncer pool pgb1/" + LoopbackBouncer.DATABASE + " (SHOW DATABASES: not paused"),
                        log);

                // recover then finds nothing to lift and no pool paused.
                List<Recovery> pending = Journal.at(journal).pendingRecoveries();
                assertEquals(1, pending.size(), pending.toString());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                        journal, Installed.backends()).run("recover", "--journal", journal.toString(), "--release", pending.get(0).runId());
                String said = out.toString(StandardCharsets.UTF_8);
                assertEquals(0, code, said);
                assertTrue(said.contains("none was paused"), said);
                assertEquals("not paused", pool(b));
            } finally {
                run.destroyForcibly();
                if (keeper != null) {
                    keeper.destroyForcibly();
                }
            }
        }
    }

    /** The pool as the bouncer's admin console shows it: {@code paused} / {@code not paused}, or why it could not be read. */
    private static String pool(LoopbackBouncer b) {
        try (Connection admin = b.admin(); Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                    return rs.getInt("paused") != 0 ? "paused" : "not paused";
                }
            }
            return "no entry " + LoopbackBouncer.DATABASE;
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static boolean writable(LoopbackCluster cluster) {
        try (Connection fresh = cluster.connect("pg1"); Statement st = fresh.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
