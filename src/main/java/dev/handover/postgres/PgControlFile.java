package dev.handover.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The head of a data directory's {@code global/pg_control}, read directly: the cluster state and the
 * latest checkpoint's location. Spawning pg_controldata costs 5–15 ms, and the shutdown of the old
 * primary is watched inside the write freeze, where every millisecond is the application's.
 *
 * <p>The fields read are the first ones of {@code ControlFileData}, unchanged since PostgreSQL 9.x:
 * {@code system_identifier} (8 bytes), {@code pg_control_version} (4), {@code catalog_version_no} (4),
 * {@code state} (a 4-byte enum, padded to 8), {@code time} (8), {@code checkPoint} (8), in the server's
 * byte order. PostgreSQL writes the control file in one 8 kB write, its contents in the first 512-byte
 * sector, so a read never sees half an update. Anything unexpected (an unknown layout version, another
 * byte order, a file this process may not read) yields empty and the caller asks pg_controldata.
 */
record PgControlFile(State state, long checkpoint) {

    /** {@code DBState}, in its declared order. */
    enum State {
        STARTUP, SHUT_DOWN, SHUT_DOWN_IN_RECOVERY, SHUTTING_DOWN, IN_CRASH_RECOVERY, IN_ARCHIVE_RECOVERY, IN_PRODUCTION
    }

    /** pg_control_version of PostgreSQL 13–16 and of 17 and 18: the layout of the fields read here. */
    private static final int[] KNOWN_VERSIONS = {1300, 1700, 1800};
    private static final int HEAD = 40;

    /** The control file of {@code dataDir}, or empty when it cannot be read here or is not a layout this knows. */
    static Optional<PgControlFile> read(Path dataDir) {
        byte[] head = new byte[HEAD];
        try (var in = Files.newInputStream(dataDir.resolve("global").resolve("pg_control"))) {
            if (in.readNBytes(head, 0, HEAD) < HEAD) {
                return Optional.empty();
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return parse(head);
    }

    static Optional<PgControlFile> parse(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.nativeOrder());
        int version = b.getInt(8);
        if (java.util.Arrays.stream(KNOWN_VERSIONS).noneMatch(v -> v == version)) {
            return Optional.empty();
        }
        int state = b.getInt(16);
        if (state < 0 || state >= State.values().length) {
            return Optional.empty();
        }
        return Optional.of(new PgControlFile(State.values()[state], b.getLong(32)));
    }
}
