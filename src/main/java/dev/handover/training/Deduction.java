package dev.handover.training;

/** Points taken off a drill's score, and why, in words naming the nodes. */
public record Deduction(int points, String reason) {
    public Deduction {
        if (points <= 0) {
            throw new IllegalArgumentException("a deduction takes off at least one point, got " + points);
        }
    }
}
