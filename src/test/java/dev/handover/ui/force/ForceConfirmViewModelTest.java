package dev.handover.ui.force;

import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForceConfirmViewModelTest {
    static final ForcePrompt PROMPT = new ForcePrompt(new FailoverRequest(new FailoverNode("n1", "n1:5432", "eu"),
            new FailoverNode("n2", "n2:5432", "eu"), 3, 100, new FailoverMode.Force(Duration.ofSeconds(2))),
            1_000, 850, 150, Duration.ofSeconds(30));

    @Test
    void commitNeedsTheTargetIdTyped() {
        List<ForceDecision> answers = new ArrayList<>();
        ForceConfirmViewModel vm = new ForceConfirmViewModel(PROMPT, answers::add);

        assertFalse(vm.commitAllowedProperty().get());
        vm.commit();
        assertTrue(answers.isEmpty(), "Commit without the id does nothing");

        vm.typedIdProperty().set("n1");
        assertFalse(vm.commitAllowedProperty().get());
        vm.typedIdProperty().set(" n2 ");
        assertTrue(vm.commitAllowedProperty().get());
        vm.commit();

        assertEquals(List.of(ForceDecision.APPROVE), answers);
        assertFalse(vm.commitAllowedProperty().get(), "answered once, then closed");
    }

    @Test
    void theWarningStatesTheLossPlainly() {
        ForceConfirmViewModel vm = new ForceConfirmViewModel(PROMPT, d -> { });
        assertEquals("150 LSN", vm.skippedText());
        assertEquals("1,000", vm.frontierText());
        assertTrue(vm.warning().contains("The 150 LSN after it (up to the frozen frontier 1,000) were acknowledged"),
                vm.warning());
        assertEquals("30 s left to decide (of 30s)", vm.countdownProperty().get());
    }

    @Test
    void theCountdownRunningOutLapsesAndLaterAnswersAreIgnored() {
        List<ForceDecision> answers = new ArrayList<>();
        ForceConfirmViewModel vm = new ForceConfirmViewModel(PROMPT, answers::add);

        vm.tick(Duration.ofMillis(1500));
        assertEquals("2 s left to decide (of 30s)", vm.countdownProperty().get());
        assertEquals(0.05, vm.remainingShareProperty().get(), 1e-9);
        vm.tick(Duration.ofMillis(-3));
        vm.decline();

        assertEquals(List.of(ForceDecision.LAPSED), answers);
    }
}
