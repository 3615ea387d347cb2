package dev.handover.postgres.bouncer;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.RunHooks;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.postgres.harness.Rotation;
import dev.handover.testing.Percentile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The PgBouncer bench: {@code rotations} coordinated switchovers in rotation on a production-shaped three-node
 * loopback cluster, under 8 clients each writing one acknowledged row every 5 ms through a real PgBouncer
 * (transaction pooling). Variant {@code pause}: the definition lists the bouncer, so the run PAUSEs it,
 * retargets it and RESUMEs it. Variant {@code nopause}: the same run without the bouncer in the definition,
 * the bouncer retargeted (RELOAD) right after the commit, as a script would. Prints failed client
 * transactions, the client stall (per rotation, the longest gap between two acknowledged writes of one
 * client: median, max) and acknowledged rows missing on any node at the end.
 * Usage: {@code bench/pgbouncer-soak.sh [rotations] [pause|nopause ...]} (default 20, both).
 */
public final class BouncerSoakBench {
    private static final int CLIENTS = 8;

    private BouncerSoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int rotations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("pause", "nopause");
        boolean good = true;
        for (String v : variants) {
            if (!v.equals("pause") && !v.equals("nopause")) {
                throw new IllegalArgumentException("variant must be pause or nopause, got " + v);
            }
            good &= soak(v.equals("pause"), rotations);
        }
        System.exit(good ? 0 : 2);
    }

    private static boolean soak(boolean pause, int rotations) throws Exception {
        String variant = pause ? "pause" : "nopause";
        ClusterShape shape = ClusterShape.production(3);
        long started = System.nanoTime();
        try (LoopbackCluster cluster = LoopbackCluster.start(shape);
             LoopbackBouncer bouncer = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster withBouncer = bouncer.open();
             PgCluster without = new PgCluster(cluster.definition(), cluster.connector())) {
            PgCluster runs = pause ? withBouncer : without;
            System.out.printf(Locale.ROOT, "== %s: 3 nodes on loopback (checksums, scram, slot per standby), PgBouncer %s "
                    + "transaction pooling, %d clients writing every 5 ms through it%n", variant, "1.18", CLIENTS);
            List<AckedWriter> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(AckedWriter.start(bouncer.clientUrl(), shape.password(), Duration.ofMillis(5), 1 + i * 100_000_000L));
            }
            List<Double> stalls = new ArrayList<>();
            int ok = 0;
            int stuck = 0;
            long failuresBefore = 0;
            List<Long> failedPerRotation = new ArrayList<>();
            String primary = "pg1";
            try {
                Await.until("every client writing (acks per client)", Duration.ofSeconds(30),
                        () -> clients.stream().map(c -> c.acks().size()).toList(), n -> n.stream().allMatch(k -> k >= 20));
                for (int i = 1; i <= rotations; i++) {
                    String target = Rotation.next(cluster, primary);
                    ClusterSnapshot s = runs.status();
                    var p = s.primary().orElseThrow();
                    var t = s.node(target).orElseThrow();
                    FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                            new FailoverMode.Coordinated(Duration.ofSeconds(10)));
                    long from = System.nanoTime();
                    FailoverTransport tx = runs.transportFor(req, Duration.ofMillis(20));
                    try {
                        FailoverCoordinator.run(req, tx, RunHooks.none());
                        if (!pause) {
                            LoopbackCluster.Node n = cluster.node(target);
                            withBouncer.bouncers().recoverTo(target, "127.0.0.1", n.port());
                        }
                        primary = target;
                        ok++;
                    } catch (Exception e) {
                        System.out.println("rotation " + i + " failed: " + e.getMessage());
                    } finally {
                        ((AutoCloseable) tx).close();
                    }
                    int port = cluster.node(primary).port();
                    try {
                        // Acknowledged by the primary since this rotation began: a client's older acks there do not count.
                        Await.until("every client writing on " + primary + " (acks there per client)", Duration.ofSeconds(60),
                                () -> clients.stream().map(c -> c.acks().stream().filter(a -> a.port() == port && a.nanos() > from)
                                        .count()).toList(), n -> n.stream().allMatch(k -> k >= 5));
                    } catch (AssertionError e) {
                        stuck++;
                        System.out.println("  rotation " + i + ": not every client writes on " + primary + " 60 s later");
                    }
                    long to = System.nanoTime();
                    stalls.add(clients.stream().mapToLong(c -> longestGap(c, from, to)).max().orElse(0) / 1e9);
                    long failures = clients.stream().mapToLong(AckedWriter::failures).sum();
                    failedPerRotation.add(failures - failuresBefore);
                    failuresBefore = failures;
                    ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, primary, Duration.ofSeconds(30));
                    System.out.printf(Locale.ROOT, "  rotation %d -> %s: stall %.3f s, failed client transactions %d%s%n", i,
                            primary, stalls.get(stalls.size() - 1), failedPerRotation.get(failedPerRotation.size() - 1),
                            seen.healthy() ? "" : ", CLUSTER NOT HEALTHY " + seen.problems());
                    if (!seen.healthy()) {
                        break;
                    }
                }
            } finally {
                clients.forEach(AckedWriter::close);
            }
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, primary, Duration.ofSeconds(60));
            long acked = clients.stream().mapToLong(c -> c.acks().size()).sum();
            long missing = 0;
            for (AckedWriter c : clients) {
                for (AckedWriter.Ack a : c.acks()) {
                    for (Set<Long> onNode : rows) {
                        missing += onNode.contains(a.id()) ? 0 : 1;
                    }
                }
            }
            long failed = clients.stream().mapToLong(AckedWriter::failures).sum();
            System.out.printf(Locale.ROOT, "%s: %d of %d rotations committed; failed client transactions %d (rotations with any: "
                            + "%d); client stall median %.3f s, p90 %.3f s, max %.3f s; %d writes acknowledged, %d acknowledged rows "
                            + "missing (summed over the 3 nodes); rotations after which a client did not write again within 60 s: %d; "
                            + "%.0f s in all%n", variant, ok, rotations, failed,
                    failedPerRotation.stream().filter(f -> f > 0).count(), Percentile.of(stalls, 50), Percentile.of(stalls, 90),
                    Percentile.of(stalls, 100), acked, missing, stuck, (System.nanoTime() - started) / 1e9);
            return ok == rotations && missing == 0 && stuck == 0 && (!pause || failed == 0);
        }
    }

    /** The longest wait between two acknowledged writes of one client whose later write fell in {@code (from, to]}. */
    static long longestGap(AckedWriter c, long from, long to) {
        List<AckedWriter.Ack> acks = c.acks();
        long gap = 0;
        for (int i = 1; i < acks.size(); i++) {
            long at = acks.get(i).nanos();
            if (at > from && at <= to) {
                gap = Math.max(gap, at - acks.get(i - 1).nanos());
            }
        }
        return gap;
    }
}
