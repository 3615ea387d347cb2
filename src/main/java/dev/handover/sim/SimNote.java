package dev.handover.sim;

import java.time.Duration;

/** Something the simulated cluster did on its own or was told to do: a fault, a lease lapse, a commit. */
public record SimNote(Duration at, String text) {
}
