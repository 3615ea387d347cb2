package dev.handover.postgres;

import java.util.OptionalLong;

/** Reads a PostgreSQL timeline history file: {@code <parent tli>\t<switch point>\t<reason>} per line. */
final class TimelineHistory {
    private TimelineHistory() {
    }

    /** Where timeline {@code tli} ended (the first LSN the next timeline owns), if the history names it. */
    static OptionalLong switchPoint(String history, long tli) {
        for (String line : history.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && !parts[0].startsWith("#")) {
                try {
                    if (Long.parseLong(parts[0]) == tli) {
                        return OptionalLong.of(Lsn.parse(parts[1]));
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a history line
                }
            }
        }
        return OptionalLong.empty();
    }

    static String fileName(long tli) {
        return String.format("%08X.history", tli);
    }
}
