package dev.handover.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them in scenario files and flags: {@code 500ms}, {@code 5s}, {@code 1.5s},
 * {@code 1m}, {@code 2m30s}, {@code 1h}. Negative values are refused with a message that says so.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(?:\\.\\d+)?(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(100L * 365 * 24 * 3600 * 1000);

    private DurationText() {
    }

    /** Parse {@code text}; the message of the exception says what was wrong, not where (callers add that). */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 5s or 1m, got nothing");
        }
        String t = text.trim();
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative, got " + t);
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 5s or 1m, got \"" + t + "\"");
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
            throw new IllegalArgumentException("too long, got " + t);
        }
        return Duration.ofNanos(millis.scaleByPowerOfTen(6).longValue());
    }
}
