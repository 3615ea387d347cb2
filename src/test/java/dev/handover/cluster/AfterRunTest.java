package dev.handover.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the checks after a commit add up to. */
class AfterRunTest {
    private static final TopologyCheck HELD = check(true, TopologyCheck.Severity.DEGRADING);
    private static final AfterRun.Step STEP = new AfterRun.Step(Optional.of(Duration.ofMillis(150)), "promoted pg2");

    private static TopologyCheck check(boolean ok, TopologyCheck.Severity severity) {
        return new TopologyCheck("pg1 streams from pg2 on timeline 2", ok, ok ? "streaming" : "walreceiver not running",
                severity);
    }

    @Test
    void everyDegradingCheckHeldAndNothingLeftByHandIsHealthy() {
        AfterRun a = new AfterRun(List.of(STEP), List.of(), List.of(HELD, HELD), List.of());
        assertEquals(AfterRun.Topology.HEALTHY, a.topology());
        assertFalse(a.degraded());
        assertEquals(List.of(), a.failed());
    }

    @Test
    void oneFailedDegradingCheckDegradesTheTopology() {
        AfterRun a = new AfterRun(List.of(STEP), List.of(), List.of(HELD, check(false, TopologyCheck.Severity.DEGRADING)),
                List.of());
        assertEquals(AfterRun.Topology.DEGRADED, a.topology());
        assertEquals(1, a.failed().size());
        assertTrue(a.failed().get(0).degrades());
    }

    @Test
    void aFailedAdvisoryCheckIsReportedButDegradesNothing() {
        AfterRun a = new AfterRun(List.of(), List.of(), List.of(HELD, check(false, TopologyCheck.Severity.ADVISORY)), List.of());
        assertEquals(AfterRun.Topology.HEALTHY, a.topology());
        assertEquals(1, a.failed().size());
        assertFalse(a.failed().get(0).degrades());
    }

    @Test
    void stepsLeftByHandDegradeTheTopologyEvenWhenEveryCheckHeld() {
        AfterRun a = new AfterRun(List.of(STEP), List.of("on pg1: pg_ctl stop -D /data -m fast"), List.of(HELD), List.of());
        assertEquals(AfterRun.Topology.DEGRADED, a.topology());
    }

    @Test
    void checksThatCouldNotRunAreAFailureNotASilence() {
        AfterRun a = AfterRun.couldNotVerify(List.of(STEP), List.of(), "connection refused");
        assertTrue(a.degraded());
        assertEquals("connection refused", a.failed().get(0).seen());
        assertEquals(List.of(STEP), a.done(), "the steps taken are kept");
        assertEquals(List.of(), a.roles(), "no role is claimed that was not seen");
    }

    @Test
    void aRoleIsFoundByNode() {
        ObservedRole pg1 = new ObservedRole("pg1", ObservedRole.Kind.PRIMARY, 1, Optional.empty(), "writes frozen");
        AfterRun a = new AfterRun(List.of(), List.of(), List.of(HELD), List.of(pg1));
        assertEquals(Optional.of(pg1), a.role("pg1"));
        assertEquals(Optional.empty(), a.role("pg9"));
    }
}
