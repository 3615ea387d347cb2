package dev.handover.postgres.harness;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.RunHooks;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgConnector;
import dev.handover.postgres.PgTransport;
import dev.handover.postgres.PgVerification;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measures the write-unavailability window of a planned coordinated switchover on a three-node
 * loopback cluster: a client writes a row every 2 ms through a multi-host URL
 * ({@code targetServerType=primary}); the window is the last write the old primary acknowledged to
 * the first the new primary acknowledged. Rotates the primary pg1 -> pg2 -> pg3 -> pg1 ...
 * Usage: {@code bench/pg-switchover-window.sh [runs]} (default 7); {@code BENCH_VERBOSE=1} prints each
 * commit step with its time.
 */
public final class SwitchoverWindowBench {
    private SwitchoverWindowBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        List<Double> windows = new ArrayList<>();
        try (LoopbackCluster cluster = LoopbackCluster.start(3);
             PgCluster pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), Duration.ofMillis(2))) {
            System.out.printf("cluster: 3 nodes on loopback, PostgreSQL binaries in %s; client writes every 2 ms%n", cluster.bin());
            for (int run = 1; run <= runs; run++) {
                ClusterSnapshot s = pg.status();
                NodeStatus primary = s.primary().orElseThrow();
                int from = cluster.node(primary.id()).port();
                String targetId = "pg" + (Integer.parseInt(primary.id().substring(2)) % 3 + 1);
                int to = cluster.node(targetId).port();
                long fromAcks = writer.acksFrom(from);
                Await.until("steady writes on " + primary.id(), Duration.ofSeconds(30), () -> writer.acksFrom(from) >= fromAcks + 100);
                int mark = writer.acks().size();
                NodeStatus target = pg.status().node(targetId).orElseThrow();
                FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(),
                        target.durableLsn(), new FailoverMode.Coordinated(Duration.ofSeconds(10)));
                FailoverOutcome outcome;
                Duration took;
                try (PgTransport tx = pg.transportFor(targetId, Duration.ofMillis(20))) {
                    List<String> events = new ArrayList<>();
                    outcome = FailoverCoordinator.run(req, tx, RunHooks.none().withListener(e -> events.add(
                            String.format(Locale.ROOT, "%.3fs %s", e.at().toNanos() / 1e9, e.getClass().getSimpleName()))));
                    if (System.getenv("BENCH_VERBOSE") != null) {
                        System.out.println("    events: " + String.join(", ", events));
                    }
                    took = tx.elapsed();
                    if (System.getenv("BENCH_VERBOSE") != null) {
                        tx.commitReport().orElseThrow().done().forEach(d -> System.out.println("    " + d));
                    }
                    if (!tx.commitReport().orElseThrow().complete()) {
                        throw new IllegalStateException("remaining steps: " + tx.commitReport().get().remaining());
                    }
                }
                long toAcks = writer.acksFrom(to);
                Await.until("writes on " + targetId, Duration.ofSeconds(30), () -> writer.acksFrom(to) >= toAcks + 50);
                List<AckedWriter.Ack> acks = writer.acks().subList(Math.max(0, mark - 1), writer.acks().size());
                long firstNew = acks.stream().filter(a -> a.port() == to).mapToLong(AckedWriter.Ack::nanos).min().orElseThrow();
                long lastOld = acks.stream().filter(a -> a.port() == from && a.nanos() < firstNew)
                        .mapToLong(AckedWriter.Ack::nanos).max().orElseThrow();
                double window = (firstNew - lastOld) / 1e9;
                windows.add(window);
                System.out.printf(Locale.ROOT, "run %d: %s -> %s, timeline %d -> %d, window %.3f s (run took %.3f s)%n",
                        run, primary.id(), targetId, outcome.newTerm() - 1, outcome.newTerm(), window, took.toNanos() / 1e9);
                PgVerification v = pg.verify(targetId, outcome.newTerm(), Duration.ofSeconds(30));
                if (!v.ok()) {
                    throw new IllegalStateException("verification failed:\n" + String.join("\n", v.lines()));
                }
            }
            writer.close();
            String last = pg.status().primary().orElseThrow().id();
            Set<Long> present = new HashSet<>();
            try (Connection c = cluster.connect(last); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE)) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            long acked = writer.acks().size();
            long lost = writer.acks().stream().filter(a -> !present.contains(a.id())).count();
            List<Double> sorted = windows.stream().sorted().toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.printf(Locale.ROOT, "write-unavailability window: median %.3f s over %d switchovers (min %.3f, max %.3f); "
                            + "%d writes acknowledged, %d lost%n", median, runs, sorted.get(0), sorted.get(sorted.size() - 1),
                    acked, lost);
            if (lost > 0) {
                System.exit(2);
            }
        }
    }
}
