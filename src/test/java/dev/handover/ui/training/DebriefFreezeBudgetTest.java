package dev.handover.ui.training;

import dev.handover.cluster.Positions;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import dev.handover.ui.JournalFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The debrief and the outcome agree on the freeze: judged against the run's own freeze budget (the one the
 * outcome used), a freeze within it costs nothing, one past it costs from the budget on and says so.
 */
class DebriefFreezeBudgetTest {
    @Test
    void aFreezeWithinTheRunsBudgetIsNotDeducted(@TempDir Path dir) throws Exception {
        // n3 in lagging-replica needs about a minute: writes stay frozen for the whole 30 s deadline.
        RunReport record = JournalFixtures.played(Journal.at(dir), "lagging-replica", "n3");
        assertTrue(Debrief.of(record).writesFrozenFor().orElseThrow().compareTo(Duration.ofSeconds(20)) > 0,
                Debrief.of(record).writesFrozen().text());

        Debrief withinBudget = Debrief.of(record, Positions.PLAIN, Optional.of(Duration.ofMinutes(3)));
        assertTrue(freezeReasons(withinBudget).isEmpty(), "green outcome, no freeze deduction: " + withinBudget.reasons());

        Debrief overBudget = Debrief.of(record, Positions.PLAIN, Optional.of(Duration.ofSeconds(5)));
        assertEquals(1, freezeReasons(overBudget).size(), overBudget.reasons().toString());
        assertTrue(freezeReasons(overBudget).get(0).contains("more than the freeze budget of 5s"), overBudget.reasons().toString());

        Debrief noBudget = Debrief.of(record, Positions.PLAIN);
        assertTrue(freezeReasons(noBudget).get(0).endsWith("more than 2s"), "a record alone keeps the drill's allowance: "
                + noBudget.reasons());
    }

    private static List<String> freezeReasons(Debrief d) {
        return d.reasons().stream().filter(r -> r.contains("writes were frozen")).toList();
    }
}
