package dev.handover.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them and read them, one rule for the console, the CLI and scenario files.
 * Typed: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1m30s}, {@code 1h}; a number always
 * needs its unit (a bare {@code 30} is seconds in one tool and milliseconds in another, so it is refused;
 * only {@code 0} reads the same in every unit), and a negative one is called negative. Shown:
 * {@code 0ms}, {@code 50ms}, {@code 1.5s}, {@code 2m3s}, {@code 2m0.013s}.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern BARE = Pattern.compile("\\d+(?:\\.\\d+)?");
    /** Past this a typed duration is a typo, not a plan (and no {@link Duration} arithmetic overflows). */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(100L * 365 * 24 * 3600 * 1000);
    private static final String EXAMPLES = "e.g. 30s, 500ms or 1m30s";

    private Durations() {
    }

    /** What reading one typed duration gave. */
    public sealed interface Parsed permits Ok, Invalid {
    }

    public record Ok(Duration value) implements Parsed {
    }

    /**
     * @param message one sentence that starts with the field's name and says what was wrong
     * @param tooLong whether it was a duration past any plan (a field with a range says its range instead)
     */
    public record Invalid(String message, boolean tooLong) implements Parsed {
        public Invalid(String message) {
            this(message, false);
        }
    }

    /** The durations a field takes, both ends included. */
    public record Range(Duration min, Duration max) {
        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("a range needs 0 <= min <= max, got " + format(min) + ".." + format(max));
            }
        }

        public boolean contains(Duration d) {
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0;
        }

        /** {@code between 10ms and 1m} */
        public String text() {
            return "between " + format(min) + " and " + format(max);
        }
    }

    /**
     * Reads {@code text} typed into the field called {@code field} (a flag such as {@code --poll}, a form
     * label such as {@code Poll interval}, a scenario file's {@code nodes[1].linkDelay}). Never throws.
     */
    public static Parsed parse(String field, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty()) {
            return new Invalid(field + " is empty; type a duration such as 30s, 500ms or 2m");
        }
        if (t.startsWith("-")) {
            return new Invalid(field + ": negative duration: " + text.strip() + "; durations count from 0 up");
        }
        if (BARE.matcher(t).matches()) {
            if (new BigDecimal(t).signum() == 0) {
                return new Ok(Duration.ZERO);
            }
            return new Invalid(field + " \"" + text.strip() + "\" has no unit; add a unit: " + t + "s or " + t + "ms");
        }
        if (!WHOLE.matcher(t).matches()) {
            return new Invalid(field + " \"" + text.strip() + "\" is not a duration; type " + EXAMPLES);
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            BigDecimal n = new BigDecimal(m.group(1));
            millis = millis.add(switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n.scaleByPowerOfTen(3);
                case "m" -> n.multiply(BigDecimal.valueOf(60_000));
                default -> n.multiply(BigDecimal.valueOf(3_600_000));
            });
        }
        if (millis.compareTo(MAX_MILLIS) > 0) {
            return new Invalid(field + " " + text.strip() + " is too long: type " + EXAMPLES, true);
        }
        return new Ok(Duration.ofNanos(millis.scaleByPowerOfTen(6).longValue()));
    }

    /** The same, and the value must lie in {@code range}: {@code --poll must be between 10ms and 1m, got 1ms}. */
    public static Parsed parse(String field, String text, Range range) {
        Parsed p = parse(field, text);
        if (p instanceof Ok ok && !range.contains(ok.value())) {
            return new Invalid(field + " must be " + range.text() + ", got " + text.strip());
        }
        if (p instanceof Invalid i && i.tooLong()) {
            return new Invalid(field + " must be " + range.text() + ", got " + text.strip());
        }
        return p;
    }

    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
        }
        // The remainder always in seconds, so "2m0.013s" never reads as "2m13ms" (two minutes or 2013 ms?).
        long rest = millis % 60_000;
        return (millis / 60_000) + "m" + (rest == 0 ? "" : BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString() + "s");
    }
}
