package dev.handover.ui.history;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A run's start as History's narrow Time column shows it: {@code 06:01:04} for a run of today,
 * {@code 12-05 23:40} for an older one, the hour readable either way (the cell's tooltip has it all).
 */
final class CompactTime {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    /** The widest compact text, to size the column by. */
    static final String WIDEST = "00-00 00:00";

    private CompactTime() {
    }

    /** {@code time} as the history row writes it ({@code 2026-12-07 06:01:04}), compact; unreadable: as it is. */
    static String of(String time, LocalDate today) {
        try {
            LocalDateTime at = LocalDateTime.parse(time, FULL);
            return at.toLocalDate().equals(today) ? at.format(TODAY) : at.format(OLDER);
        } catch (DateTimeParseException e) {
            return time;
        }
    }
}
