package dev.handover.postgres;

import dev.handover.cluster.Positions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Positions on PostgreSQL read as PostgreSQL writes them; distances are byte counts with a size a DBA reads. */
class PgPositionsTest {
    private final PgPositions pg = PgPositions.INSTANCE;

    @Test
    void positionsAreTheXSlashYTextForm() {
        assertEquals("0/4009D88", pg.position(0x4009D88L));
        assertEquals("0/0", pg.position(0));
        assertEquals("1/A0", pg.position((1L << 32) | 0xA0));
        assertEquals(0x4009D88L, Lsn.parse(pg.position(0x4009D88L)), "the same text PostgreSQL parses back");
    }

    @Test
    void distancesAreBytesWithASizeInPostgresUnits() {
        assertEquals("4,108,463 bytes (3.9 MB)", pg.amount(4_108_463));
        assertEquals("0 bytes", pg.amount(0));
        assertEquals("1 byte", pg.amount(1));
        assertEquals("1,023 bytes", pg.amount(1023));
        assertEquals("1,024 bytes (1.0 kB)", pg.amount(1024));
        assertEquals("16,777,216 bytes (16 MB)", pg.amount(16L << 20), "a WAL segment");
        assertEquals("5,368,709,120 bytes (5.0 GB)", pg.amount(5L << 30));
    }

    @Test
    void theShortFormIsTheSizeAlone() {
        assertEquals("3.9 MB", pg.shortAmount(4_108_463));
        assertEquals("512 bytes", pg.shortAmount(512));
        assertEquals("9.9 kB", pg.shortAmount(10_137));
        assertEquals("10 kB", pg.shortAmount(10_240));
        assertEquals("1.0 MB", pg.shortAmount(1_048_535), "1023.96 kB rounds up to the next unit, not to 1024 kB");
        assertEquals("-3.9 MB", PgPositions.size(-4_108_463));
    }

    @Test
    void theClusterOffersItsPositionsAndTheChartCountsBytes() {
        assertEquals(Positions.ChartAxis.BYTES_BELOW_FRONTIER, pg.chartAxis());
    }
}
