package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StepJournal;
import dev.handover.cluster.TopologyCheck;
import dev.handover.cluster.TopologyRepair;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledStep;
import dev.handover.ui.JournalFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 22: the one way a repair is carried out and judged, for {@code recover --repair} and the console alike. */
class RepairRunTest {
    private static final TopologyCheck HOLDS = new TopologyCheck("pg2 is writable", true, "", TopologyCheck.Severity.DEGRADING);
    private static final TopologyCheck FAILS = new TopologyCheck("pg3 streams from pg2", false, "cannot be reached",
            TopologyCheck.Severity.DEGRADING);
    private static final ObservedRole PRIMARY = new ObservedRole("pg2", ObservedRole.Kind.PRIMARY, 4, Optional.empty(), "");

    private static RepairPlan plan(List<RepairPlan.Discard> discards) {
        return new RepairPlan(Optional.of("pg2"), "it holds the most WAL",
                List.of(new RepairPlan.NodeFate("pg2", "pg2 primary", "pg2 primary")), List.of("rewind pg1"), discards,
                List.of(), List.of(), List.of());
    }

    /** A repair that hands back {@code after} and remembers the approval it was given. */
    private static final class Fixed implements TopologyRepair {
        final AfterRun after;
        RepairApproval given;

        Fixed(AfterRun after) {
            this.after = after;
        }

        @Override
        public RepairPlan plan(Optional<String> primary) {
            throw new AssertionError("carrying out a plan does not plan it again here; the engine does, inside repair");
        }

        @Override
        public AfterRun repair(RepairApproval approval, StepJournal journal) {
            given = approval;
            return after;
        }
    }

    @Test
    void everyCheckHoldingAcknowledgesTheRunWithWhoRepairedAndWhatWasDiscarded(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = JournalFixtures.diedOnPostgres(journal, "pg:/x/cluster.json", true);
        RepairPlan plan = plan(List.of(new RepairPlan.Discard("pg1", 8192, 272, true, "pg_walinspect", "0/5000000..0/5002000")));
        Fixed repair = new Fixed(new AfterRun(List.of(), List.of(), List.of(HOLDS), List.of(PRIMARY)));

        RepairRun.Repaired r = RepairRun.carryOut(repair, plan, RepairRun.approvalOf(plan), Optional.of(journal), id,
                "recover --repair");

        assertEquals(RepairRun.Verdict.REPAIRED, r.verdict());
        assertTrue(r.notRecorded().isEmpty());
        assertEquals(Map.of("pg1", 272L), repair.given.discards(), "the approval is exactly the plan's count");
        assertEquals(Optional.of("pg2"), repair.given.primary());
        String note = journal.find(id).acknowledged().orElseThrow().note();
        assertTrue(note.startsWith("repaired by recover --repair: every check holds; discarded as approved: "), note);
        assertTrue(note.contains("272"), note);
        List<JournaledStep> steps = journal.find(id).steps();
        assertEquals("repair-plan", steps.get(0).step(), "the plan is journaled before the engine acts");
        assertEquals("pg2", steps.get(0).subject());
    }

    @Test
    void aFailedCheckWithAPrimaryIsDegradedAndLeavesTheRunOpen(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = JournalFixtures.diedOnPostgres(journal, "pg:/x/cluster.json", true);
        RepairRun.Repaired r = RepairRun.carryOut(new Fixed(new AfterRun(List.of(), List.of(), List.of(HOLDS, FAILS),
                List.of(PRIMARY))), plan(List.of()), RepairRun.approvalOf(plan(List.of())), Optional.of(journal), id, "x");
        assertEquals(RepairRun.Verdict.DEGRADED, r.verdict());
        assertTrue(r.primarySettled());
        assertFalse(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void aRepairThatCheckedNothingProvesNothing(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = JournalFixtures.diedOnPostgres(journal, "pg:/x/cluster.json", true);
        RepairRun.Repaired r = RepairRun.carryOut(new Fixed(new AfterRun(List.of(), List.of(), List.of(), List.of(PRIMARY))),
                plan(List.of()), RepairRun.approvalOf(plan(List.of())), Optional.of(journal), id, "x");
        assertEquals(RepairRun.Verdict.UNSETTLED, r.verdict(), "no check: not repaired, even with a primary seen");
        assertFalse(journal.find(id).acknowledged().isPresent());

        RepairRun.Repaired none = RepairRun.carryOut(new Fixed(new AfterRun(List.of(), List.of(), List.of(FAILS), List.of())),
                plan(List.of()), RepairRun.approvalOf(plan(List.of())), Optional.empty(), id, "x");
        assertEquals(RepairRun.Verdict.UNSETTLED, none.verdict());
        assertFalse(none.primarySettled());
    }
}
