package dev.handover.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code --at}: when a scheduled run fires. {@code 18:30} is today in the machine's zone, {@code 2026-12-01T18:30}
 * a local date and time, {@code 2026-12-01T17:30:00Z} or with an offset an exact instant. The past, and more than a
 * week ahead (a plan that old says little about the cluster), are refused.
 */
final class FireTime {
    static final Duration LONGEST = Duration.ofDays(7);

    private FireTime() {
    }

    static Instant parse(String verb, String text, Clock clock) throws BadInput {
        String t = text.strip();
        Instant at;
        try {
            if (t.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                at = LocalTime.parse(t.length() == 4 ? "0" + t : t).atDate(java.time.LocalDate.now(clock))
                        .atZone(clock.getZone()).toInstant();
            } else if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                at = OffsetDateTime.parse(t).toInstant();
            } else {
                at = LocalDateTime.parse(t).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new BadInput(verb + ": --at \"" + text + "\" is not a time; give 18:30 (today), 2026-12-01T18:30 or "
                    + "2026-12-01T17:30:00Z");
        }
        Instant now = clock.instant();
        if (!at.isAfter(now)) {
            throw new BadInput(verb + ": --at " + text + " has passed (now " + now + "); give a time to come, with a date"
                    + " for another day");
        }
        if (Duration.between(now, at).compareTo(LONGEST) > 0) {
            throw new BadInput(verb + ": --at " + text + " is more than 7 days ahead; schedule it nearer the time");
        }
        return at;
    }
}
