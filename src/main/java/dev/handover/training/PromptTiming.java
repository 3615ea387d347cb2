package dev.handover.training;

import java.time.Duration;

/** How the operator handled the force prompt: time taken, the window, and the answer (approve, decline, lapsed). */
public record PromptTiming(Duration took, Duration window, String decision) {
}
