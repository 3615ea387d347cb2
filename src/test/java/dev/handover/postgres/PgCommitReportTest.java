package dev.handover.postgres;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.TopologyCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commit's report and the verification's checks handed over as data. */
class PgCommitReportTest {

    @Test
    void stepsAreTimedDataAndReadAsStampedLines() {
        List<AfterRun.Step> steps = List.of(
                new AfterRun.Step(Optional.of(Duration.ofMillis(71)), "stopped pg1 cleanly (fast shutdown)"),
                new AfterRun.Step(Optional.of(Duration.ofMillis(12_005)), "promoted pg2; it writes on timeline 2"),
                new AfterRun.Step(Optional.empty(), "a step without a time"));
        PgCommitReport r = new PgCommitReport(steps, List.of(), false);
        assertEquals(steps, r.steps(), "the times travel as data, never parsed back from the text");
        assertEquals(List.of("+0.071s stopped pg1 cleanly (fast shutdown)", "+12.005s promoted pg2; it writes on timeline 2",
                "a step without a time"), r.done());
    }

    @Test
    void aCheckDegradesByDefaultAndAnAdvisoryOneOnlyReports() {
        PgVerification.Check streams = new PgVerification.Check("pg1 streams from pg2 on timeline 2", false,
                "walreceiver not running");
        PgVerification.Check slot = new PgVerification.Check("no inactive slot", false, "slot backup on pg2", true).advisory();
        assertEquals(TopologyCheck.Severity.DEGRADING, streams.severity());
        assertFalse(streams.settled(), "a failure may still settle by itself unless said otherwise");
        assertTrue(streams.toTopologyCheck().degrades());
        assertFalse(slot.toTopologyCheck().degrades());
        assertEquals("FAILED  pg1 streams from pg2 on timeline 2 (walreceiver not running)", streams.line());
        assertEquals("note    no inactive slot (slot backup on pg2)", slot.line());
        assertFalse(new PgVerification(List.of(streams, slot)).ok());
        assertTrue(new PgVerification(List.of(slot)).ok(), "an advisory failure alone leaves the topology verified");
    }
}
