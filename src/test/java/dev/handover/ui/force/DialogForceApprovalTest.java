package dev.handover.ui.force;

import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.ui.concurrent.FxRelay;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialogForceApprovalTest {

    /** Answers as told, or never; remembers being dismissed. */
    private static final class ScriptedPresenter implements ForcePromptPresenter {
        private final ForceDecision answer;
        boolean shown;
        boolean dismissed;

        ScriptedPresenter(ForceDecision answer) {
            this.answer = answer;
        }

        @Override
        public void show(ForcePrompt prompt, Consumer<ForceDecision> decide) {
            shown = true;
            if (answer != null) {
                decide.accept(answer);
            }
        }

        @Override
        public void dismiss() {
            dismissed = true;
        }
    }

    @Test
    void theOperatorsAnswerIsReturnedAndTheDialogClosed() {
        ScriptedPresenter presenter = new ScriptedPresenter(ForceDecision.APPROVE);
        DialogForceApproval approval = new DialogForceApproval(Duration.ofSeconds(30), FxRelay.direct(), presenter);

        assertEquals(ForceDecision.APPROVE, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertTrue(presenter.shown);
        assertTrue(presenter.dismissed);
    }

    @Test
    void noAnswerWithinTheWindowLapses() {
        ScriptedPresenter silent = new ScriptedPresenter(null);
        DialogForceApproval approval = new DialogForceApproval(Duration.ofMillis(50), FxRelay.direct(), silent);

        assertEquals(ForceDecision.LAPSED, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertTrue(silent.dismissed, "the dialog is closed when the coordinator stops waiting");
    }

    @Test
    void aWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new DialogForceApproval(Duration.ZERO, FxRelay.direct(), new ScriptedPresenter(null)));
    }
}
