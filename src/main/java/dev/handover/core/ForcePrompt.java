package dev.handover.core;

import java.time.Duration;

/**
 * What the operator is asked when a force run reaches its timeout with LSNs still unreplicated.
 * Writes stay frozen while the prompt is open, so the answer is bounded by {@code window}.
 */
public record ForcePrompt(FailoverRequest request, long frontierLsn, long reachedLsn, long skippedLsn,
                          Duration window) {
}
