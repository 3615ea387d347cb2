package dev.handover.postgres.harness;

import dev.handover.testing.Await;
import dev.handover.postgres.PgCluster;

import dev.handover.testing.Percentile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The PostgreSQL soak: {@code rotations} coordinated switchovers in rotation (pg1 -> pg2 -> pg3 -> pg1 ...)
 * on a three-node loopback cluster built the way production runs them ({@link ClusterShape#production}),
 * under a client writing one acknowledged row every 5 ms through a multi-host URL; once on the
 * asynchronous variant (ports on the start command) and once on the synchronous one. After every
 * rotation the cluster itself is checked ({@link ClusterCheck}); at the end every acknowledged row must
 * be on every node. Prints rotations ok / degraded / failed, the write-unavailability window (last
 * write the old primary acknowledged to the first the new one did: median, p99, max), the time from
 * promotion to the first synchronous standby, client errors and rows missing.
 * Usage: {@code bench/pg-soak.sh [rotations] [async|sync ...]} (default 100, both).
 */
public final class PgSoakBench {
    private PgSoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int rotations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<String> variants = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("async", "sync");
        boolean verbose = System.getenv("BENCH_VERBOSE") != null;
        boolean allGood = true;
        for (String variant : variants) {
            ClusterShape shape = switch (variant) {
                case "async" -> ClusterShape.production(3).withPortOnStartCommand();
                case "sync" -> ClusterShape.production(3).synchronous();
                default -> throw new IllegalArgumentException("variant must be async or sync, got " + variant);
            };
            allGood &= soak(variant, shape, rotations, verbose);
        }
        System.exit(allGood ? 0 : 2);
    }

    private static boolean soak(String variant, ClusterShape shape, int rotations, boolean verbose) throws Exception {
        int ok = 0;
        int degraded = 0;
        int failed = 0;
        List<Double> windows = new ArrayList<>();
        List<Double> firstSync = new ArrayList<>();
        long started = System.nanoTime();
        try (LoopbackCluster cluster = LoopbackCluster.start(shape);
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), shape.password(), Duration.ofMillis(5))) {
            System.out.printf(Locale.ROOT, "== %s: 3 nodes on loopback (checksums, scram, replication role, slot per standby%s), "
                            + "PostgreSQL binaries in %s; client writes every 5 ms%n", variant,
                    shape.syncStandbys().map(s -> ", synchronous_standby_names = '" + s + "'").orElse(", ports on the start command"),
                    cluster.bin());
            Await.until("writes on pg1", Duration.ofSeconds(30), () -> writer.acksFrom(cluster.node("pg1").port()), n -> n >= 20);
            String primary = "pg1";
            for (int i = 1; i <= rotations; i++) {
                Rotation.Result r = Rotation.once(cluster, pg, writer, Duration.ofSeconds(10));
                if (r.outcome().isEmpty()) {
                    failed++;
                } else if (r.healthy()) {
                    ok++;
                } else {
                    degraded++;
                }
                r.window().ifPresent(windows::add);
                r.report().flatMap(rep -> rep.done().stream().filter(d -> d.contains("first synchronous standby")).findFirst())
                        .map(PgSoakBench::secondsAfterPromotion).ifPresent(firstSync::add);
                if (!r.healthy() || verbose) {
                    System.out.println("rotation " + i + ": " + (r.healthy() ? "ok" : "NOT HEALTHY") + " " + r.describe());
                } else if (i % 10 == 0) {
                    System.out.printf(Locale.ROOT, "  %d rotations done, last window %.3f s%n", i, r.window().orElse(-1.0));
                }
                if (r.outcome().isPresent()) {
                    primary = r.to();
                }
                if (!r.seen().healthy()) {
                    break; // a broken cluster makes every later figure meaningless
                }
            }
            writer.close();
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, primary, Duration.ofSeconds(60));
            List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
            long missing = 0;
            for (Set<Long> onNode : rows) {
                missing += acked.stream().filter(id -> !onNode.contains(id)).count();
            }
            System.out.printf(Locale.ROOT, "%s: rotations %d ok / %d degraded / %d failed of %d; window median %.3f s, p99 %.3f s, "
                            + "max %.3f s%s; %d writes acknowledged, %d client errors, %d acknowledged rows missing (summed over "
                            + "the 3 nodes); %.0f s in all%n", variant, ok, degraded, failed, rotations,
                    Percentile.of(windows, 50), Percentile.of(windows, 99), Percentile.of(windows, 100),
                    firstSync.isEmpty() ? "" : String.format(Locale.ROOT, "; promotion to first synchronous standby median %.3f s, "
                            + "max %.3f s", Percentile.of(firstSync, 50), Percentile.of(firstSync, 100)),
                    acked.size(), writer.failures(), missing, (System.nanoTime() - started) / 1e9);
            return ok == rotations && missing == 0;
        }
    }

    private static double secondsAfterPromotion(String step) {
        var m = java.util.regex.Pattern.compile("([0-9.]+)s after the promotion").matcher(step);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
