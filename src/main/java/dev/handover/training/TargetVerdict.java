package dev.handover.training;

import java.util.Optional;

/**
 * The chosen target against the preflight ranking.
 *
 * @param rank     the target's place (1 = best); empty when no ranking was recorded
 * @param best     the best-ranked replica; empty when no ranking was recorded
 * @param health   the target's health when ranked (healthy, degraded, unreachable)
 * @param verdict  one sentence for the trainee
 */
public record TargetVerdict(String chosen, Optional<Integer> rank, int candidates, Optional<String> best,
                            Optional<String> health, boolean wasBest, String verdict) {
}
