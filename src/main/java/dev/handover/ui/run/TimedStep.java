package dev.handover.ui.run;

import dev.handover.run.PreFreezeStep;

import java.time.LocalTime;

/** A wait before the freeze with the wall-clock time it began, stamped on the run's thread (the log orders by it). */
public record TimedStep(PreFreezeStep step, LocalTime wall) {
}
