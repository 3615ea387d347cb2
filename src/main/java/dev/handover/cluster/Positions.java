package dev.handover.cluster;

import java.util.Locale;

/**
 * How a backend writes its log positions and the distances between them, so every screen shows them
 * as the operator's own tools do: {@code 0/4009D88} and "4,108,463 bytes (3.9 MB)" on PostgreSQL,
 * {@code 1,234,567} and "12,345 LSN" on the simulator. Offered by {@link ClusterConnection#positions()}
 * and carried on every {@link ClusterSnapshot}; the numbers themselves stay plain longs everywhere
 * (the journal and the report keep them raw), only their text goes through here.
 */
public interface Positions {

    /** Plain counters with digit grouping: the simulator's, and any backend without a text form of its own. */
    Positions PLAIN = new Plain();

    /** A position as the backend writes it: {@code 1,234,567}; {@code 0/4009D88} on PostgreSQL. */
    String position(long lsn);

    /** A distance between positions (a lag, a gap, what a forced run skipped), unit included: {@code 12,345 LSN}. */
    String amount(long lsn);

    /**
     * What a position is called on this cluster, for text that names one: "LSN" (PostgreSQL's log sequence
     * number, the simulator's counter) unless the engine has its own word (MariaDB's "GTID").
     */
    default String noun() {
        return "LSN";
    }

    /** The same distance in a few characters, for a narrow table cell: {@code 3.9 MB}. The full text by default. */
    default String shortAmount(long lsn) {
        return amount(lsn);
    }

    /** How a chart labels its position axis. */
    default ChartAxis chartAxis() {
        return ChartAxis.POSITIONS;
    }

    /** How a chart's position axis reads best. */
    enum ChartAxis {
        /** Ticks at round positions, each labelled with {@link #position}: the positions read as numbers. */
        POSITIONS,
        /**
         * Ticks at round byte distances below the run's frozen frontier ("−2 MB", "frontier"): positions
         * are byte offsets whose own text ({@code 0/4009D88}) does not read as a scale.
         */
        BYTES_BELOW_FRONTIER
    }

    /** {@code 1234567} -> {@code 1,234,567}, whatever the default locale. */
    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The simulator's counters: grouped digits, distances in "LSN". */
    final class Plain implements Positions {
        private Plain() {
        }

        @Override
        public String position(long lsn) {
            return grouped(lsn);
        }

        @Override
        public String amount(long lsn) {
            return grouped(lsn) + " LSN";
        }

        @Override
        public String toString() {
            return "Positions.PLAIN";
        }
    }
}
