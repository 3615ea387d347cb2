package dev.handover.journal;

import java.time.Instant;

/** Who marked an unfinished run as dealt with, when, and with what note. */
public record Acknowledgement(String operator, Instant at, String note) {
}
