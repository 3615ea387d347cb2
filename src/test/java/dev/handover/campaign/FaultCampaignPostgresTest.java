package dev.handover.campaign;

import dev.handover.testing.RealServer;
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
 * The fault campaign on a real PostgreSQL 15 cluster behind a real PgBouncer (issue 20): every fault that can
 * happen at a step of a run is injected there, then {@code recover} and the repair are run as a DBA would,
 * twice, and the independent {@link Observer} checks that there were never two writable primaries, that every
 * acknowledged row is on the final primary but for what the run's record counts, that no repair discarded
 * acknowledged rows without an approved count, and that writes flow and PgBouncer's pool is not paused at the
 * end. One test per cell; the cells a fault cannot happen at are "n/a" in docs/records-and-safety.md.
 */
@RealServer
class FaultCampaignPostgresTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static PgWorld world;

    @TempDir
    static Path dir;


    @TestFactory
    Stream<DynamicTest> campaign() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (Step step : Step.values()) {
                java.util.Optional<String> notRun = Plan.notRunOnPostgres(fault, step);
                if (notRun.isPresent()) {
                    System.out.println("[campaign] pg not run: " + fault.name() + " @ " + step.name() + ": " + notRun.get());
                }
                if (notRun.isPresent() || !Selection.wanted("pg", fault, step)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(fault.label + " @ " + step.label, () -> cell(fault, step)));
            }
        }
        return tests.stream();
    }

    private void cell(Fault fault, Step step) throws Exception {
        if (world == null) {
            world = PgWorld.start();
        }
        Cell cell = new Cell("pg " + fault.name() + " @ " + step.name());
        long started = System.nanoTime();
        Optional<String> finalPrimary;
        try {
            finalPrimary = new PgCell(world, fault, step, dir.resolve(fault.name() + "-" + step.name()), cell,
                    IDS.incrementAndGet() * 10_000_000L).run();
        } catch (Exception | AssertionError e) {
            rebuild("the cell threw: " + e);
            throw e;
        }
        String unfit = finalPrimary.map(world::unfitBecause).orElse("no single writable primary");
        if (unfit.isEmpty()) {
            world.primary = finalPrimary.get();
        } else {
            rebuild(unfit);
        }
        cell.log(String.format("cell took %.1f s", (System.nanoTime() - started) / 1e9));
        System.out.println(cell.report());
        assertTrue(cell.held(), cell::report);
    }

    private static void rebuild(String why) {
        System.out.println("[campaign] pg: a fresh cluster for the next cell (" + why + ")");
        if (world != null) {
            world.close();
            world = null;
        }
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }
}
