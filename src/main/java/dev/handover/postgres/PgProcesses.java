package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of a node on this host, as the kernel shows them: a postmaster and its children, and
 * whether one of them is stopped (SIGSTOP, a debugger): a stopped walreceiver holds a promotion the
 * startup process already took, which completes the moment it is continued.
 */
final class PgProcesses {
    private PgProcesses() {
    }

    /** The postmaster pid named by the data directory's pid file, when that process runs. */
    static Optional<Long> postmaster(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return PgLocalDataDir.running(pid) ? Optional.of(pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The postmaster and every process it started, postmaster first. */
    static List<Long> tree(long postmaster) {
        List<Long> out = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    /** The kernel's state letter of {@code pid} ({@code T} stopped, {@code Z} zombie, ...); empty when gone. */
    static Optional<Character> state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Optional.of(stat.charAt(stat.lastIndexOf(')') + 2));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean stopped(long pid) {
        return state(pid).filter(c -> c == 'T' || c == 't').isPresent();
    }

    static boolean gone(long pid) {
        return state(pid).map(c -> c == 'Z' || c == 'X').orElse(true);
    }

    static void signal(String signal, long pid) throws IOException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        }
    }
}
