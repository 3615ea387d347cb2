package dev.handover.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this host can tell about a node from its data directory alone, with no server to ask: whether its
 * postmaster runs, its control data, its last start options; and the stale pid file a killed one leaves.
 * Apart from {@link PgRecovery} because the freeze keeper and the process reader need the same answers.
 */
final class PgLocalDataDir {
    private PgLocalDataDir() {
    }

    /** A node on this host whose server is not running (no postmaster.pid, or one naming a dead pid). */
    static boolean stoppedHere(PgNodeDefinition n) {
        return n.local().isPresent() && stoppedHere(n.local().get().dataDir());
    }

    /** No live postmaster for {@code dataDir} on this host (also for the freeze keeper, which has only the path). */
    static boolean stoppedHere(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            // a killed postmaster leaves its pid file behind: the pid it names must be gone too
            return lines.isEmpty() || !PgProcesses.running(Long.parseLong(lines.get(0).trim()));
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * A killed postmaster leaves postmaster.pid behind; PostgreSQL removes it itself when the pid is gone,
     * but refuses to start while that pid is an unreaped zombie. Its pid is not running: the file is stale.
     */
    static void removeStalePidFile(PgNodeDefinition n, List<String> done) throws IOException {
        Path pidFile = n.local().orElseThrow().dataDir().resolve("postmaster.pid");
        if (!Files.exists(pidFile) || !stoppedHere(n)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // Its socket's lock file names the same dead pid: line 4 is the port, line 5 the first socket directory.
        if (lines.size() >= 5 && !lines.get(4).isBlank()) {
            Path socketLock = Path.of(lines.get(4).trim(), ".s.PGSQL." + lines.get(3).trim() + ".lock");
            if (Files.exists(socketLock) && Files.readAllLines(socketLock).get(0).trim().equals(lines.get(0).trim())) {
                Files.delete(socketLock);
            }
        }
        Files.delete(pidFile);
        done.add("removed the stale postmaster.pid of " + n.id() + " (its postmaster was killed)");
    }

    static long lastCheckpoint(PgNodeDefinition n) {
        if (n.local().isEmpty()) {
            return Long.MAX_VALUE; // unknown: rewinding is the safe assumption
        }
        try {
            return Lsn.parse(new PgCtl(n.id(), n.local().get()).controlData("Latest checkpoint location"));
        } catch (IOException | IllegalArgumentException e) {
            return Long.MAX_VALUE;
        }
    }

    static StartOptions startOptions(PgNodeDefinition n) {
        try {
            return StartOptions.parse(Files.readString(n.local().orElseThrow().dataDir().resolve("postmaster.opts"),
                    StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return StartOptions.none();
        }
    }
}
