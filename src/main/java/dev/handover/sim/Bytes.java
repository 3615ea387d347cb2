package dev.handover.sim;

import java.util.Locale;

/** LSN gaps in words: WAL positions count bytes, so "1.5 MB behind" reads better than 1572864. */
final class Bytes {
    private Bytes() {
    }

    static String format(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
