package dev.handover.sim;

import dev.handover.core.Durations;

import java.time.Duration;

/**
 * Durations in scenario files: {@link Durations#parse(String, String)}, the console's and the CLI's rule,
 * as an exception for the scenario reader (which adds the file, line and field).
 */
public final class DurationText {
    private static final String FIELD = "duration";

    private DurationText() {
    }

    /** Parse {@code text}; the message of the exception says what was wrong, not where (callers add that). */
    public static Duration parse(String text) {
        Durations.Parsed p = Durations.parse(FIELD, text);
        if (p instanceof Durations.Ok ok) {
            return ok.value();
        }
        String message = ((Durations.Invalid) p).message();
        // The caller names the field; drop the placeholder.
        throw new IllegalArgumentException(message.startsWith(FIELD + ": ") ? message.substring(FIELD.length() + 2)
                : message.startsWith(FIELD + " ") ? message.substring(FIELD.length() + 1) : message);
    }
}
