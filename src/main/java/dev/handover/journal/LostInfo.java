package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * One loss figure: {@code figure} is {@code exact} (with {@code count}), {@code estimated} (with {@code low}
 * and {@code high}) or {@code unknown}; {@code unit} what was counted; {@code basis} how, in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"figure", "count", "low", "high", "unit", "basis"})
public record LostInfo(String figure, Long count, Long low, Long high, String unit, String basis) {
    public static final String EXACT = "exact";
    public static final String ESTIMATED = "estimated";
    public static final String UNKNOWN = "unknown";

    public LostInfo {
        Objects.requireNonNull(figure, "figure");
    }

    public static LostInfo exact(long count, String unit, String basis) {
        return new LostInfo(EXACT, count, null, null, unit, basis);
    }

    public static LostInfo estimated(long low, long high, String unit, String basis) {
        return new LostInfo(ESTIMATED, null, low, high, unit, basis);
    }

    public static LostInfo unknown(String why) {
        return new LostInfo(UNKNOWN, null, null, null, null, why);
    }

    @JsonIgnore
    public boolean exact() {
        return EXACT.equals(figure) && count != null;
    }

    @JsonIgnore
    public boolean estimated() {
        return ESTIMATED.equals(figure) && low != null && high != null;
    }

    /** {@code 85}, {@code 60-110 (estimated)}, {@code unknown}: for a table cell. */
    @JsonIgnore
    public String cell() {
        if (exact()) {
            return String.format(java.util.Locale.ROOT, "%,d", count);
        }
        if (estimated()) {
            return String.format(java.util.Locale.ROOT, low.equals(high) ? "~%,d" : "%,d-%,d", low, high) + " (est.)";
        }
        return "unknown";
    }

    /** {@code 85 committed transactions (exact: <basis>)}, {@code between 60 and 110 ... (estimated: ...)}, {@code unknown: <why>}. */
    @JsonIgnore
    public String text() {
        if (exact()) {
            return String.format(java.util.Locale.ROOT, "%,d %s (exact: %s)", count, unit, basis);
        }
        if (estimated()) {
            return (low.equals(high) ? String.format(java.util.Locale.ROOT, "about %,d", low)
                    : String.format(java.util.Locale.ROOT, "between %,d and %,d", low, high)) + " " + unit
                   + " (estimated: " + basis + ")";
        }
        return "unknown" + (basis == null ? "" : ": " + basis);
    }

    LostInfo redacted() {
        return new LostInfo(figure, count, low, high, unit, basis == null ? null : Secrets.redact(basis));
    }
}
