package dev.handover.training;

import java.time.Duration;

/** One line of a drill's timeline: when (since the run began) and what happened. */
public record TimelineEntry(Duration at, String text) {
}
