package dev.handover.mariadb.harness;

import dev.handover.testing.Await;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.OpenOptions;
import dev.handover.app.Installed;

import dev.handover.testing.Percentile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The MariaDB soak: {@code rotations} coordinated switchovers in rotation (mdb1 -> mdb2 -> mdb3 -> mdb1 ...)
 * on a three-node loopback GTID cluster opened through the registry as {@code mariadb:<file>}, under an
 * application writing one acknowledged row every 5 ms as a non-admin user. After every rotation the
 * backend's verification must hold and the servers themselves must show every replica streaming from the
 * new primary; at the end every acknowledged row must be on every node. Prints rotations ok / degraded /
 * failed and the write-unavailability window as the client saw it (its last write acknowledged by the old
 * primary to its first acknowledged by the new one): median, p99, max.
 * Usage: {@code bench/mariadb-soak.sh [rotations]} (default 50); needs {@value MariaDbLoopback#PASSWORD_ENV} set
 * (the script sets it).
 */
public final class MariaDbSoakBench {
    private MariaDbSoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int rotations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        List<String> ring = List.of("mdb1", "mdb2", "mdb3");
        int ok = 0;
        int degraded = 0;
        int failed = 0;
        List<Double> windows = new ArrayList<>();
        long started = System.nanoTime();
        try (MariaDbLoopback mdb = MariaDbLoopback.start();
             ClusterConnection cluster = Installed.backends().parse("mariadb:" + mdb.writeDefinition()).open(OpenOptions.real());
             AckedWriter writer = AckedWriter.start(mdb, Duration.ofMillis(5))) {
            System.out.printf(Locale.ROOT, "== 3 MariaDB nodes on loopback (GTID, gtid_strict_mode, log_slave_updates), "
                    + "client writes every 5 ms as a non-admin user; %s%n", cluster.name());
            Await.until("writes on mdb1", Duration.ofSeconds(30), () -> writer.acksFrom(1), n -> n >= 20);
            String primary = "mdb1";
            for (int i = 1; i <= rotations; i++) {
                String to = ring.get((ring.indexOf(primary) + 1) % ring.size());
                int fromServer = mdb.node(primary).serverId();
                int toServer = mdb.node(to).serverId();
                long before = writer.acksFrom(fromServer);
                long toBefore = writer.acksFrom(toServer);
                Await.until("writes on " + primary, Duration.ofSeconds(20), () -> writer.acksFrom(fromServer), n -> n >= before + 10);
                Outcome r = once(cluster, primary, to);
                if (r.outcome == null) {
                    failed++;
                    System.out.println("rotation " + i + ": FAILED " + r.failure);
                    break;
                }
                Await.until("writes on " + to, Duration.ofSeconds(20), () -> writer.acksFrom(toServer), n -> n > toBefore);
                windows.add(window(writer.acks(), fromServer, toServer));
                boolean seen = streamingFromAll(mdb, to);
                if (!r.afterRun.degraded() && seen) {
                    ok++;
                } else {
                    degraded++;
                    System.out.println("rotation " + i + ": NOT HEALTHY " + r.afterRun + (seen ? "" : "; servers disagree"));
                }
                if (i % 10 == 0) {
                    System.out.printf(Locale.ROOT, "  %d rotations done, last window %.3f s%n", i, windows.get(windows.size() - 1));
                }
                primary = to;
            }
            writer.close();
            Set<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).collect(Collectors.toSet());
            long missing = 0;
            for (MariaDbLoopback.Node n : mdb.nodes()) {
                Set<Long> rows = rowsOn(mdb, n, acked.size());
                missing += acked.stream().filter(id -> !rows.contains(id)).count();
            }
            System.out.printf(Locale.ROOT, "mariadb: rotations %d ok / %d degraded / %d failed of %d; window median %.3f s, "
                            + "p99 %.3f s, max %.3f s; %d writes acknowledged, %d client errors, %d acknowledged rows missing "
                            + "(summed over the 3 nodes); %.0f s in all%n", ok, degraded, failed, rotations,
                    Percentile.of(windows, 50), Percentile.of(windows, 99), Percentile.of(windows, 100), acked.size(),
                    writer.failures(), missing, (System.nanoTime() - started) / 1e9);
            System.exit(ok == rotations && missing == 0 ? 0 : 2);
        }
    }

    private record Outcome(FailoverOutcome outcome, AfterRun afterRun, String failure) {
    }

    private static Outcome once(ClusterConnection cluster, String from, String to) throws Exception {
        ClusterSnapshot s = cluster.status();
        NodeStatus p = s.node(from).orElseThrow();
        NodeStatus t = s.node(to).orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(10)));
        FailoverTransport tx = cluster.transportFor(req, Duration.ofMillis(100));
        try {
            FailoverOutcome o = FailoverCoordinator.run(req, tx);
            return new Outcome(o, cluster.afterRunVerifier().orElseThrow().verify(tx, req.newTerm()), "");
        } catch (Exception e) {
            return new Outcome(null, null, e.toString());
        }
    }

    /** Last acknowledgement from the old primary to the first from the new one, in seconds. */
    private static double window(List<AckedWriter.Ack> acks, int fromServer, int toServer) {
        long lastOld = acks.stream().filter(a -> a.serverId() == fromServer).mapToLong(AckedWriter.Ack::atNanos).max().orElseThrow();
        long firstNew = acks.stream().filter(a -> a.serverId() == toServer && a.atNanos() > lastOld)
                .mapToLong(AckedWriter.Ack::atNanos).min().orElseThrow();
        return (firstNew - lastOld) / 1e9;
    }

    private static boolean streamingFromAll(MariaDbLoopback mdb, String primary) throws Exception {
        MariaDbLoopback.Node p = mdb.node(primary);
        for (MariaDbLoopback.Node n : mdb.nodes()) {
            if (n != p && !ClusterCheck.streamingFrom(mdb, n, p)) {
                return false;
            }
        }
        return ClusterCheck.writable(mdb, p);
    }

    /** Every row on {@code n}, once it has applied as many as were acknowledged (bounded wait). */
    private static Set<Long> rowsOn(MariaDbLoopback mdb, MariaDbLoopback.Node n, int expected) throws Exception {
        Await.until(n.id() + " holds every row (rows it holds of " + expected + ")", Duration.ofSeconds(60),
                () -> ClusterCheck.ids(mdb, n).size(), held -> held >= expected);
        return ClusterCheck.ids(mdb, n);
    }
}
