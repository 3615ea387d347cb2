package dev.handover.ui.force;

import dev.handover.cluster.Positions;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.ui.concurrent.FxRelay;
import org.junit.jupiter.api.Test;

import dev.handover.core.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialogForceApprovalTest {
    /** A cluster clock standing still, as a virtual clock does while the operator reads. */
    private static final Supplier<Duration> STILL = () -> Duration.ofSeconds(5);
    private final List<String> notices = new ArrayList<>();

    /** Answers as told, or never; remembers being dismissed. */
    private static final class ScriptedPresenter implements ForcePromptPresenter {
        private final ForceDecision answer;
        boolean shown;
        boolean dismissed;
        Supplier<Duration> left;

        ScriptedPresenter(ForceDecision answer) {
            this.answer = answer;
        }

        @Override
        public void show(dev.handover.cluster.ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
            shown = true;
            left = remaining;
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
        DialogForceApproval approval = new DialogForceApproval(Duration.ofSeconds(30), FxRelay.direct(), presenter,
                DialogForceApproval.KeepAlive.NONE, STILL, notices::add);

        assertEquals(ForceDecision.APPROVE, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertTrue(presenter.shown);
        assertTrue(presenter.dismissed);
    }

    @Test
    void noAnswerWithinTheWindowLapses() {
        ScriptedPresenter silent = new ScriptedPresenter(null);
        DialogForceApproval approval = new DialogForceApproval(Duration.ofMillis(50), FxRelay.direct(), silent,
                DialogForceApproval.KeepAlive.NONE, STILL, notices::add);

        assertEquals(ForceDecision.LAPSED, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertTrue(silent.dismissed, "the dialog is closed when the coordinator stops waiting");
    }

    @Test
    void theFreezeIsKeptAliveWhileWaitingAndALostLeaseDeclines() {
        ScriptedPresenter silent = new ScriptedPresenter(null);
        AtomicInteger renewals = new AtomicInteger();
        DialogForceApproval.KeepAlive failsOnThirdRenewal = () -> {
            if (renewals.incrementAndGet() == 3) {
                throw new TransportException("lease refused");
            }
        };
        DialogForceApproval approval = new DialogForceApproval(Duration.ofSeconds(30), FxRelay.direct(), silent,
                failsOnThirdRenewal, STILL, notices::add);

        assertEquals(ForceDecision.DECLINE, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertEquals(3, renewals.get());
        assertTrue(silent.dismissed);
        assertEquals(List.of("The freeze could not be kept while you decided (lease refused), so the forced commit "
                + "was declined; writes resume on n1."), notices);
    }

    @Test
    void aClusterClockRunningAheadOfTheWallLapsesThePromptOnItsTime() {
        ScriptedPresenter silent = new ScriptedPresenter(null);
        AtomicInteger reads = new AtomicInteger();
        // A simulation at high speed: every read of its clock is ten cluster seconds later.
        Supplier<Duration> fast = () -> Duration.ofSeconds(10L * reads.getAndIncrement());
        DialogForceApproval approval = new DialogForceApproval(Duration.ofSeconds(30), FxRelay.direct(), silent,
                DialogForceApproval.KeepAlive.NONE, fast, notices::add);

        assertEquals(ForceDecision.LAPSED, approval.decide(ForceConfirmViewModelTest.PROMPT));
        assertTrue(reads.get() <= 5, "lapsed after " + reads.get() + " clock reads, not 30 s of wall time");
        assertEquals(Duration.ZERO, silent.left.get(), "the dialog's countdown reached zero with it");
    }

    @Test
    void aWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new DialogForceApproval(Duration.ZERO, FxRelay.direct(), new ScriptedPresenter(null),
                        DialogForceApproval.KeepAlive.NONE, STILL, notices::add));
    }
}
