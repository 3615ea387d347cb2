package dev.handover.training;

import dev.handover.core.ForceDecision;

import java.time.Duration;
import java.util.Optional;

/**
 * How the operator handled the force prompt: time taken, the window, and the answer (empty when the record holds
 * none: the run stopped with the prompt open).
 */
public record PromptTiming(Duration took, Duration window, Optional<ForceDecision> answer) {

    /** The answer in a word for the debrief: {@code approve}, {@code decline}, {@code lapsed}, {@code unanswered}. */
    public String decision() {
        return answer.map(a -> dev.handover.journal.JournalNames.wire(a)).orElse("unanswered");
    }

    /** Whether the window lapsed unanswered (its length is then the window's, not the operator's doing). */
    public boolean lapsed() {
        return answer.filter(a -> a == ForceDecision.LAPSED).isPresent();
    }
}
