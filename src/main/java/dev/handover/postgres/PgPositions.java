package dev.handover.postgres;

import dev.handover.cluster.Positions;

import java.util.Locale;

/**
 * WAL positions as PostgreSQL writes them ({@code 0/4009D88}, see {@link Lsn}) and distances as byte
 * counts with a size a DBA reads at a glance: "4,108,463 bytes (3.9 MB)". Sizes count in 1024s under
 * PostgreSQL's own unit names (kB, MB, GB), as {@code pg_size_pretty} and the settings do.
 */
public final class PgPositions implements Positions {
    public static final PgPositions INSTANCE = new PgPositions();

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};

    private PgPositions() {
    }

    @Override
    public String position(long lsn) {
        return Lsn.format(lsn);
    }

    @Override
    public String amount(long bytes) {
        String count = String.format(Locale.ROOT, "%,d %s", bytes, bytes == 1 ? "byte" : "bytes");
        return Math.abs(bytes) < 1024 ? count : count + " (" + size(bytes) + ")";
    }

    @Override
    public String shortAmount(long bytes) {
        return size(bytes);
    }

    @Override
    public ChartAxis chartAxis() {
        return ChartAxis.BYTES_BELOW_FRONTIER;
    }

    /**
     * {@code 4108463} -> {@code 3.9 MB}: one decimal under ten units, whole units above; under a kB, the
     * bytes themselves.
     */
    public static String size(long bytes) {
        long magnitude = Math.abs(bytes);
        if (magnitude < 1024) {
            return bytes + (magnitude == 1 ? " byte" : " bytes");
        }
        int unit = 0;
        double value = magnitude;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // 1023.96 kB would round to "1024 kB": say 1.0 MB instead.
        if (Math.round(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String sign = bytes < 0 ? "-" : "";
        return value < 9.95
                ? String.format(Locale.ROOT, "%s%.1f %s", sign, value, UNITS[unit])
                : String.format(Locale.ROOT, "%s%d %s", sign, Math.round(value), UNITS[unit]);
    }

    @Override
    public String toString() {
        return "PgPositions";
    }
}
