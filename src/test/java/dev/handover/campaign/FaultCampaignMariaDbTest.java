package dev.handover.campaign;

import dev.handover.testing.RealServer;
import dev.handover.testing.Await;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault campaign on a real MariaDB 10.11 GTID cluster (issue 20), as {@link FaultCampaignPostgresTest} on
 * PostgreSQL: kill -9 of handover, the target's IO thread stopped (resumed during the run, or only after a first
 * repair), its SQL thread stopped, the target killed, the old primary killed, a sibling down; then recover and the
 * repair twice; the independent {@link Observer} checks the same rules. One test per cell.
 */
@RealServer
class FaultCampaignMariaDbTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static MariaDbLoopback cluster;
    private static Path definition;
    private static String primary;

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> campaign() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (Step step : Step.values()) {
                java.util.Optional<String> notRun = Plan.notRunOnMariaDb(fault, step);
                if (notRun.isPresent()) {
                    System.out.println("[campaign] mariadb not run: " + fault.name() + " @ " + step.name() + ": " + notRun.get());
                }
                if (notRun.isPresent() || !Selection.wanted("mariadb", fault, step)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(fault.label + " @ " + step.label, () -> cell(fault, step)));
            }
        }
        return tests.stream();
    }

    private void cell(Fault fault, Step step) throws Exception {
        if (cluster == null) {
            try {
                cluster = MariaDbLoopback.start();
            } catch (Exception e) {
                // mariadb-install-db shares /tmp with every other test on the machine and fails now and then
                // (a temporary table it cannot remove): one more try, then the cell fails with why.
                System.out.println("[campaign] mariadb: starting the cluster failed, once more: " + e.getMessage().lines().findFirst().orElse(""));
                cluster = MariaDbLoopback.start();
            }
            definition = cluster.writeDefinition();
            primary = "mdb1";
        }
        Cell cell = new Cell("mariadb " + fault.name() + " @ " + step.name());
        long started = System.nanoTime();
        Optional<String> finalPrimary;
        try {
            finalPrimary = new MdbCell(cluster, definition, primary, fault, step, dir.resolve(fault.name() + "-" + step.name()),
                    cell, IDS.incrementAndGet() * 10_000_000L).run();
        } catch (Exception | AssertionError e) {
            rebuild("the cell threw: " + e);
            throw e;
        }
        if (finalPrimary.isPresent() && healthyAround(finalPrimary.get())) {
            primary = finalPrimary.get();
        } else {
            rebuild("not one writable primary with both replicas streaming from it");
        }
        cell.log(String.format("cell took %.1f s", (System.nanoTime() - started) / 1e9));
        System.out.println(cell.report());
        assertTrue(cell.held(), cell::report);
    }

    /** Both other nodes replicate from {@code p} with both threads running (waited for, bounded). */
    private static boolean healthyAround(String p) {
        MariaDbLoopback.Node pn = cluster.node(p);
        Await.Seen<java.util.List<ClusterCheck.Replication>> seen = Await.upTo(java.time.Duration.ofSeconds(15),
                () -> cluster.nodes().stream().filter(n -> !n.id().equals(p)).map(n -> ClusterCheck.replication(cluster, n)).toList(),
                rs -> rs.stream().allMatch(r -> r.streamingFrom(pn.port())));
        if (!seen.met()) {
            System.out.println("[campaign] not healthy around " + p + " 15 s later: " + seen.lastRead());
        }
        return seen.met();
    }

    private static void rebuild(String why) {
        System.out.println("[campaign] mariadb: a fresh cluster for the next cell (" + why + ")");
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
