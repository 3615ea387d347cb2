package dev.handover.training;

/** The chosen mode against the best one for a planned switchover (coordinated: it never loses a write). */
public record ModeVerdict(String chosen, String best, boolean wasBest, String verdict) {
}
