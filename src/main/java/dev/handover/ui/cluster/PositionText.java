package dev.handover.ui.cluster;

import java.util.Objects;

/**
 * A position or a distance in a table cell: worded as the backend writes it ({@code 0/4009D88},
 * {@code 1,234,567}, {@code 3.9 MB}), sorted by its number. The default cell shows {@link #toString()}.
 *
 * @param value the number, for sorting
 * @param text  what the cell shows
 */
public record PositionText(long value, String text) implements Comparable<PositionText> {

    public PositionText {
        Objects.requireNonNull(text, "text");
    }

    @Override
    public int compareTo(PositionText other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return text;
    }
}
