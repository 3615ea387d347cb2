package dev.handover.ui.run;

import dev.handover.core.HandoverEvent;

import java.time.LocalTime;

/** A coordinator event with the wall-clock time it happened, stamped on the coordinator thread. */
public record TimedEvent(HandoverEvent event, LocalTime wall) {
}
