package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StepJournal;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, finding 1, reproduced on real PostgreSQL in the production shape: the target's walreceiver
 * stopped with SIGSTOP, the old primary shut down, the target asked to promote (what a forced commit that
 * ends unknown leaves). The repair must stop the target's pending promotion before it starts the old
 * primary again; the walreceiver is then continued, and a second repair finds nothing to discard. An
 * independent observer (its own JDBC connections, every node every 25 ms) never sees two writable
 * primaries, and every acknowledged row is on the final primary.
 */
@RealServer
class PgPendingPromotionRepairTest {

    @Test
    void aPendingPromotionIsStoppedBeforeTheOldPrimaryIsStartedAndNoAcknowledgedRowIsLost() throws Exception {
        ClusterShape shape = ClusterShape.production(3);
        try (LoopbackCluster cluster = LoopbackCluster.start(shape);
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             Observer observer = Observer.start(cluster, shape.password())) {
            List<AckedWriter.Ack> acked;
            long receiver;
            try (AckedWriter writer = AckedWriter.start(cluster.node("pg1").jdbcUrl(), shape.password(), Duration.ofMillis(10))) {
                Await.until("rows acknowledged on pg1", Duration.ofSeconds(30), () -> writer.acks().size(), n -> n >= 50);
                receiver = receiverPid(cluster, shape.password());
                cluster.shell().run("kill", "-STOP", Long.toString(receiver));
                Await.until("more rows acknowledged while pg2 receives nothing", Duration.ofSeconds(30),
                        () -> writer.acks().size(), n -> n >= 150);
                writer.close();
                acked = writer.acks();
            }
            try {
                // what the failed commit left: old primary shut down, the target asked to promote
                cluster.shell().run(cluster.bin().resolve("pg_ctl").toString(), "stop", "-D",
                        cluster.node("pg1").dataDir().toString(), "-m", "fast", "-w");
                exec(cluster, "pg2", shape.password(), "SELECT pg_promote(false)");
                Await.until("pg2's startup process waits on its stopped walreceiver to promote", Duration.ofSeconds(30),
                        () -> startupWait(cluster, shape.password()), "WalReceiverExit"::equals);

                RepairPlan plan = pg.topologyRepair().orElseThrow().plan(Optional.empty());
                assertEquals(Optional.of("pg1"), plan.primary(), plan.toString());
                assertTrue(plan.hazards().stream().anyMatch(h -> h.startsWith("pg2 may promote itself")), plan.toString());
                assertTrue(plan.discards().isEmpty(), plan.toString());
                assertTrue(plan.steps().get(0).startsWith("stop pg2 so it cannot promote"), plan.toString());

                AfterRun first = pg.topologyRepair().orElseThrow().repair(new RepairApproval(Optional.empty(), Map.of(), "test",
                        true), StepJournal.NONE);
                assertTrue(first.done().stream().anyMatch(s -> s.text().startsWith("stopped pg2 so it cannot promote")),
                        first.toString());
            } finally {
                cluster.shell().runQuietly("kill", "-CONT", Long.toString(receiver));
            }
            // continued: a promotion still held by pg2 would complete now; it must stream from pg1 instead
            waitFor("pg2 streams from pg1 again (or, wrongly, takes writes)", Duration.ofSeconds(90),
                    () -> observer.writable().contains("pg2") || streamingFromPg1(cluster, shape.password()),
                    () -> "writable now: " + observer.writable() + ", pg2 streaming: " + streamingFromPg1(cluster, shape.password()));
            assertEquals(List.of(), observer.splitBrains(), "never two writable primaries");
            assertEquals(List.of("pg1"), observer.writable());

            AfterRun second = pg.topologyRepair().orElseThrow().repair(RepairApproval.plain(Optional.empty(), "test"),
                    StepJournal.NONE);
            assertFalse(second.degraded(), second + "\npg2's log: " + cluster.log("pg2"));
            Set<Long> onPrimary = ids(cluster, "pg1", shape.password());
            for (AckedWriter.Ack a : acked) {
                assertTrue(onPrimary.contains(a.id()), "acknowledged row " + a.id() + " is on the primary");
            }
            observer.close();
            assertTrue(observer.polls() > 100, "the observer polled: " + observer.polls());
            assertEquals(List.of(), observer.splitBrains(), "never two writable primaries");
        }
    }

    private static void waitFor(String what, Duration timeout, java.util.function.BooleanSupplier done,
                                java.util.function.Supplier<String> seen) {
        Await.until(what, timeout, done, seen::get);
    }

    private static boolean streamingFromPg1(LoopbackCluster cluster, String password) {
        try (Connection c = DriverManager.getConnection(cluster.node("pg2").jdbcUrl(), "postgres", password);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                     "SELECT status = 'streaming' AND sender_port = " + cluster.node("pg1").port() + " FROM pg_stat_wal_receiver")) {
            return rs.next() && rs.getBoolean(1);
        } catch (Exception e) {
            return false;
        }
    }

    private static long receiverPid(LoopbackCluster cluster, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.node("pg2").jdbcUrl(), "postgres", password);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_wal_receiver")) {
            assertTrue(rs.next(), "pg2 has a walreceiver");
            return rs.getLong(1);
        }
    }

    private static String startupWait(LoopbackCluster cluster, String password) {
        try (Connection c = DriverManager.getConnection(cluster.node("pg2").jdbcUrl(), "postgres", password);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                     "SELECT wait_event FROM pg_stat_activity WHERE backend_type = 'startup'")) {
            return rs.next() ? rs.getString(1) : "";
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static void exec(LoopbackCluster cluster, String id, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.node(id).jdbcUrl(), "postgres", password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Set<Long> ids(LoopbackCluster cluster, String id, String password) throws Exception {
        Set<Long> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.node(id).jdbcUrl(), "postgres", password);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Polls every node's writability on its own connections, every 25 ms, and keeps every moment two were writable. */
    static final class Observer implements AutoCloseable {
        private final LoopbackCluster cluster;
        private final String password;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private final List<String> splitBrains = new ArrayList<>();
        private volatile List<String> writable = List.of();
        private volatile long polls;

        private Observer(LoopbackCluster cluster, String password) {
            this.cluster = cluster;
            this.password = password;
            this.thread = new Thread(this::loop, "split-brain-observer");
            this.thread.setDaemon(true);
        }

        static Observer start(LoopbackCluster cluster, String password) {
            Observer o = new Observer(cluster, password);
            o.thread.start();
            return o;
        }

        private void loop() {
            Map<String, Connection> open = new java.util.HashMap<>();
            while (!stop.get()) {
                List<String> now = new ArrayList<>();
                for (LoopbackCluster.Node n : cluster.nodes()) {
                    try {
                        Connection c = open.get(n.id());
                        if (c == null) {
                            c = DriverManager.getConnection(n.jdbcUrl() + (n.jdbcUrl().contains("?") ? "&" : "?")
                                    + "connectTimeout=1&socketTimeout=1&loginTimeout=1", "postgres", password);
                            open.put(n.id(), c);
                        }
                        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                                "SELECT NOT pg_is_in_recovery() AND current_setting('default_transaction_read_only') = 'off'")) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                now.add(n.id());
                            }
                        }
                    } catch (Exception e) {
                        Connection broken = open.remove(n.id());
                        try {
                            if (broken != null) {
                                broken.close();
                            }
                        } catch (Exception ignored) {
                            // gone
                        }
                    }
                }
                writable = List.copyOf(now);
                polls++;
                if (now.size() > 1) {
                    synchronized (splitBrains) {
                        splitBrains.add(System.currentTimeMillis() + ": " + now);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(25_000_000L);
            }
            open.values().forEach(c -> {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing
                }
            });
        }

        List<String> writable() {
            return writable;
        }

        long polls() {
            return polls;
        }

        List<String> splitBrains() {
            synchronized (splitBrains) {
                return List.copyOf(splitBrains);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }
}
