package dev.handover.postgres;

/** PostgreSQL WAL positions as plain longs (bytes since {@code 0/0}), and back to the {@code X/Y} text form. */
public final class Lsn {
    private Lsn() {
    }

    /** {@code 0/3000060} -> 50331744. */
    public static long parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        long hi = Long.parseLong(text.substring(0, slash), 16);
        long lo = Long.parseLong(text.substring(slash + 1), 16);
        return (hi << 32) | lo;
    }

    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
