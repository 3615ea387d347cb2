package dev.handover.postgres;

import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repair's decision from node views, without servers: positions compared across timelines at the fork
 * point, the node holding the most WAL chosen, what the other choice would discard counted, two writable
 * primaries a hazard, and an approval that covers only the exact count.
 */
class PgRepairPlannerTest {
    private static final long FORK = Lsn.parse("0/5000000");

    @Test
    void ofTwoPrimariesOnDivergedTimelinesTheOneHoldingMorePastTheForkIsChosenAndTheOtherDiscardIsCounted() {
        Map<String, PgNodeView> views = new LinkedHashMap<>();
        views.put("pg1", primary("pg1", 1, List.of(), FORK + 90_000));
        views.put("pg2", primary("pg2", 2, List.of(new TimelineHistory.Entry(1, FORK)), FORK + 20_000));
        PgRepairPlanner.Decision d = PgRepairPlanner.decide(views, Optional.empty(),
                (holder, tli, from, to) -> new PgWalReading.Count((to - from) / 1000, true, "one per 1000 bytes here"));
        RepairPlan plan = d.plan();
        assertEquals(Optional.of("pg1"), plan.primary());
        assertTrue(plan.hazards().get(0).startsWith("TWO WRITABLE PRIMARIES"), plan.hazards().toString());
        assertEquals(1, plan.discards().size());
        RepairPlan.Discard loss = plan.discards().get(0);
        assertEquals("pg2", loss.node());
        assertEquals(20_000, loss.bytes());
        assertEquals(20, loss.transactions());
        assertTrue(loss.range().startsWith("0/5000000..0/5004E20 on timeline 2"), loss.range());
        assertEquals(90, plan.alternatives().get(0).discards().get(0).transactions(), "choosing pg2 would discard pg1's 90");

        assertTrue(new RepairApproval(Optional.empty(), Map.of(), "dba", true).gap(plan).isPresent(), "a loss is never implied");
        assertTrue(new RepairApproval(Optional.empty(), Map.of("pg2", 19L), "dba", true).gap(plan).isPresent(), "not that count");
        assertTrue(new RepairApproval(Optional.empty(), Map.of("pg2", 20L), "dba", false).gap(plan).isPresent(), "hazard unconfirmed");
        assertFalse(new RepairApproval(Optional.empty(), Map.of("pg2", 20L), "dba", true).gap(plan).isPresent());
    }

    @Test
    void aStandbyBehindOnTheSameTimelineDiscardsNothingAndAPendingPromotionIsStoppedFirst() {
        Map<String, PgNodeView> views = new LinkedHashMap<>();
        views.put("pg1", primary("pg1", 1, List.of(), FORK));
        PgNodeView standby = view("pg2", PgNodeView.Kind.STANDBY, 1, List.of(), FORK - 4096, false,
                Optional.of("its walreceiver is stopped by a signal"), true);
        views.put("pg2", standby);
        PgRepairPlanner.Decision d = PgRepairPlanner.decide(views, Optional.empty(),
                (holder, tli, from, to) -> { throw new AssertionError("nothing to count"); });
        assertEquals(Optional.of("pg1"), d.plan().primary());
        assertTrue(d.plan().discards().isEmpty());
        assertEquals(List.of(standby), d.neutralise());
        assertTrue(d.plan().steps().get(0).startsWith("stop pg2 so it cannot promote"), d.plan().steps().toString());
        assertTrue(d.plan().needsTypedConfirmation());
    }

    @Test
    void aPendingPromotionOnANodeNotOnThisHostIsRefused() {
        Map<String, PgNodeView> views = new LinkedHashMap<>();
        views.put("pg1", primary("pg1", 1, List.of(), FORK));
        views.put("pg2", view("pg2", PgNodeView.Kind.STANDBY, 1, List.of(), FORK, false, Optional.of("a promote signal file"), false));
        RepairPlan plan = PgRepairPlanner.decide(views, Optional.empty(), (h, t, f, to) -> new PgWalReading.Count(0, true, "")).plan();
        assertFalse(plan.actionable());
        assertTrue(plan.refusals().get(0).startsWith("pg2 may promote itself"), plan.refusals().toString());
    }

    private static PgNodeView primary(String id, long tli, List<TimelineHistory.Entry> ancestors, long end) {
        return view(id, PgNodeView.Kind.PRIMARY, tli, ancestors, end, true, Optional.empty(), true);
    }

    private static PgNodeView view(String id, PgNodeView.Kind kind, long tli, List<TimelineHistory.Entry> ancestors, long end,
                                   boolean writable, Optional<String> pending, boolean local) {
        PgNodeDefinition n = new PgNodeDefinition(id, "", "jdbc:postgresql://127.0.0.1:1/postgres", "127.0.0.1", 1, "postgres",
                "postgres", Optional.empty(), local ? Optional.of(new LocalControl(java.nio.file.Path.of("/nonexistent/" + id),
                Optional.empty(), java.nio.file.Path.of("/usr/bin/pg_ctl"), Optional.empty())) : Optional.empty());
        PgNodeStatus s = new PgNodeStatus(n, Optional.empty(), kind == PgNodeView.Kind.STANDBY, tli, end, end, end, false,
                Optional.empty(), Optional.empty(), 0, Duration.ZERO, Optional.empty(), PgNodeStatus.Standby.NONE);
        return new PgNodeView(n, kind, tli, ancestors, end, "test", writable, pending, Optional.empty(), s);
    }
}
