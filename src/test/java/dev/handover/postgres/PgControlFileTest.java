package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control file read directly agrees with pg_controldata, on a running and on a cleanly stopped server. */
@RealServer
class PgControlFileTest {

    /** The first 40 bytes of a PostgreSQL 15 global/pg_control, running (state 6) and then shut down (state 1). */
    private static final String RUNNING = "9fbd460aaeb30b6b140500002577 0d0c0600000000000000b3b30b6b00000000f08e760100000000";
    private static final String SHUT_DOWN = "9fbd460aaeb30b6b140500002577 0d0c0100000000000000b3b30b6b000000000091760100000000";

    @Test
    void readsStateAndCheckpointAsPgControldataPrintsThem() {
        PgControlFile running = PgControlFile.parse(bytes(RUNNING)).orElseThrow();
        assertEquals(PgControlFile.State.IN_PRODUCTION, running.state());
        assertEquals(Lsn.parse("0/1768EF0"), running.checkpoint());
        PgControlFile down = PgControlFile.parse(bytes(SHUT_DOWN)).orElseThrow();
        assertEquals(PgControlFile.State.SHUT_DOWN, down.state());
        assertEquals(Lsn.parse("0/1769100"), down.checkpoint());
    }

    @Test
    void anUnknownLayoutOrStateIsLeftToPgControldata() {
        byte[] otherVersion = bytes(RUNNING);
        ByteBuffer.wrap(otherVersion).order(ByteOrder.nativeOrder()).putInt(8, 1201); // PostgreSQL 12
        assertEquals(Optional.empty(), PgControlFile.parse(otherVersion));
        byte[] badState = bytes(RUNNING);
        ByteBuffer.wrap(badState).order(ByteOrder.nativeOrder()).putInt(16, 42);
        assertEquals(Optional.empty(), PgControlFile.parse(badState));
        assertEquals(Optional.empty(), PgControlFile.read(java.nio.file.Path.of("/nonexistent/data")));
    }

    @Test
    void agreesWithPgControldataOnARealServer() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2)) {
            LoopbackCluster.Node node = cluster.nodes().get(0);
            LocalControl local = cluster.definition().node(node.id()).orElseThrow().local().orElseThrow();
            PgCtl ctl = new PgCtl(node.id(), local);
            PgControlFile running = PgControlFile.read(node.dataDir()).orElseThrow();
            assertEquals(PgControlFile.State.IN_PRODUCTION, running.state());
            assertEquals(Lsn.parse(ctl.controlData("Latest checkpoint location")), running.checkpoint());

            PgCtl.FastStop stop = ctl.signalFastStop().orElseThrow();
            assertEquals(Optional.empty(), stop.awaitExit(Duration.ofSeconds(60)));
            long written = ctl.shutdownCheckpoint(); // from the control file, read directly
            assertEquals("shut down", ctl.controlData("Database cluster state"));
            assertEquals(Lsn.parse(ctl.controlData("Latest checkpoint location")), written);
            assertTrue(PgControlFile.read(node.dataDir()).orElseThrow().state() == PgControlFile.State.SHUT_DOWN);
        }
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
