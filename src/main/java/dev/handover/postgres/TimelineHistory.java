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

    /** One ancestor timeline of a history file: {@code tli} owned WAL up to (not including) {@code switchPoint}. */
    record Entry(long tli, long switchPoint) {
    }

    /** Every ancestor of the file's timeline, oldest first. */
    static java.util.List<Entry> parse(String history) {
        java.util.List<Entry> out = new java.util.ArrayList<>();
        for (String line : history.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 2 && !parts[0].startsWith("#")) {
                try {
                    out.add(new Entry(Long.parseLong(parts[0]), Lsn.parse(parts[1])));
                } catch (IllegalArgumentException ignored) {
                    // not a history line
                }
            }
        }
        return out;
    }

    /**
     * The first LSN at which two histories disagree on the timeline: {@link Long#MAX_VALUE} when one
     * history is a prefix of the other (same timeline path). {@code ancestors} as {@link #parse} gives them.
     */
    static long forkPoint(java.util.List<Entry> ancestorsA, long tliA, java.util.List<Entry> ancestorsB, long tliB) {
        java.util.List<Entry> a = segments(ancestorsA, tliA);
        java.util.List<Entry> b = segments(ancestorsB, tliB);
        int i = 0;
        int j = 0;
        long pos = 0;
        while (true) {
            if (a.get(i).tli() != b.get(j).tli()) {
                return pos;
            }
            long endA = a.get(i).switchPoint();
            long endB = b.get(j).switchPoint();
            pos = Math.min(endA, endB);
            if (pos == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            if (endA == pos) {
                i++;
            }
            if (endB == pos) {
                j++;
            }
        }
    }

    /** The timeline that owns {@code lsn} in this history. */
    static long timelineAt(java.util.List<Entry> ancestors, long tli, long lsn) {
        for (Entry e : ancestors) {
            if (lsn < e.switchPoint()) {
                return e.tli();
            }
        }
        return tli;
    }

    private static java.util.List<Entry> segments(java.util.List<Entry> ancestors, long tli) {
        java.util.List<Entry> out = new java.util.ArrayList<>(ancestors);
        out.add(new Entry(tli, Long.MAX_VALUE));
        return out;
    }

    static String fileName(long tli) {
        return String.format("%08X.history", tli);
    }
}
