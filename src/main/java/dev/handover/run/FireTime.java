package dev.handover.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * When a scheduled run fires, for {@code handover run --at} and the console's Schedule…: {@code 18:30} is today
 * in the machine's zone ({@code today 18:30} the same, {@code tomorrow 18:30} the day after),
 * {@code 2026-12-01T18:30} a local date and time, {@code 2026-12-01T17:30:00Z} or with an offset an exact instant.
 * The past, and more than a week ahead (a plan that old says little about the cluster), are refused.
 */
public final class FireTime {
    public static final Duration LONGEST = Duration.ofDays(7);

    private FireTime() {
    }

    /** The time refused, in words that follow the option or field naming it (e.g. {@code --at }). */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    public static Instant parse(String text, Clock clock) throws Invalid {
        String t = text.strip();
        Instant at;
        try {
            String lower = t.toLowerCase(Locale.ROOT);
            int days = 0;
            if (lower.startsWith("today ")) {
                t = t.substring("today ".length()).strip();
            } else if (lower.startsWith("tomorrow ")) {
                t = t.substring("tomorrow ".length()).strip();
                days = 1;
            }
            if (t.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
                at = LocalTime.parse(t.indexOf(':') == 1 ? "0" + t : t).atDate(LocalDate.now(clock).plusDays(days))
                        .atZone(clock.getZone()).toInstant();
            } else if (days > 0 || !t.equals(text.strip())) {
                throw new DateTimeParseException("a day word needs a time of day", t, 0);
            } else if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
                at = OffsetDateTime.parse(t).toInstant();
            } else {
                at = LocalDateTime.parse(t).atZone(clock.getZone()).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new Invalid("\"" + text + "\" is not a time; give 18:30 (today), tomorrow 18:30, 2026-12-01T18:30 or "
                    + "2026-12-01T17:30:00Z");
        }
        Instant now = clock.instant();
        if (!at.isAfter(now)) {
            throw new Invalid(text + " has passed (now " + now + "); give a time to come, with a date"
                    + " for another day");
        }
        if (Duration.between(now, at).compareTo(LONGEST) > 0) {
            throw new Invalid(text + " is more than 7 days ahead; schedule it nearer the time");
        }
        return at;
    }
}
