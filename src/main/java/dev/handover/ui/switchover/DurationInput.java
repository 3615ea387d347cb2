package dev.handover.ui.switchover;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration typed into the form: "30s", "1.5s", "250ms", "2m", "1m30s", or a bare number
 * of seconds. Bad input gets one message naming the field and an example of what works.
 */
public final class DurationInput {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+(?:\\.\\d+)?)(ms|s|m|h))+|\\d+(?:\\.\\d+)?");

    private DurationInput() {
    }

    /** The outcome of reading one field. */
    public sealed interface Parsed permits Ok, Invalid {
    }

    public record Ok(Duration value) implements Parsed {
    }

    public record Invalid(String message) implements Parsed {
    }

    /** Parse {@code text} for the field called {@code field}, which must lie within {@code [min, max]}. */
    public static Parsed parse(String field, String text, Duration min, Duration max) {
        String t = text == null ? "" : text.trim().toLowerCase().replace(" ", "");
        if (t.isEmpty()) {
            return new Invalid(field + " is empty; type a duration such as 30s, 500ms or 2m");
        }
        if (!WHOLE.matcher(t).matches()) {
            return new Invalid(field + " \"" + text.trim() + "\" is not a duration; type e.g. 30s, 500ms or 1m30s");
        }
        Duration d = Duration.ZERO;
        if (Character.isDigit(t.charAt(t.length() - 1))) {
            d = of(new BigDecimal(t), 1000);
        } else {
            Matcher m = PART.matcher(t);
            while (m.find()) {
                long millisPerUnit = switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
                d = d.plus(of(new BigDecimal(m.group(1)), millisPerUnit));
            }
        }
        if (d.compareTo(min) < 0) {
            return new Invalid(field + " must be at least " + dev.handover.core.Durations.format(min));
        }
        if (d.compareTo(max) > 0) {
            return new Invalid(field + " must be at most " + dev.handover.core.Durations.format(max));
        }
        return new Ok(d);
    }

    private static Duration of(BigDecimal amount, long millisPerUnit) {
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(millisPerUnit * 1_000_000L));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            return Duration.ofDays(365);
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
