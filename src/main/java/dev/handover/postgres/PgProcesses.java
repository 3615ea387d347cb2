package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes of a node on this host, as the kernel shows them: the postmaster its data directory's pid file
 * names, the processes it started, and whether each is gone or stopped (SIGSTOP, a debugger). A stopped
 * process acts on no signal but SIGKILL until it is continued: a stopped walreceiver holds a promotion the
 * startup process already took, which completes the moment it is continued. Apart from {@link PgCtl} because
 * reading {@code /proc} is not running PostgreSQL's tools.
 */
final class PgProcesses {
    private PgProcesses() {
    }

    /** The pid the data directory's postmaster.pid names, whether or not that process still runs. */
    static Optional<Long> pidFilePid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The postmaster pid named by the data directory's pid file, when that process runs. */
    static Optional<Long> runningPostmaster(Path dataDir) {
        return pidFilePid(dataDir).filter(PgProcesses::running);
    }

    /** The postmaster and every process it started, listed now, postmaster first. */
    static List<Long> family(long postmaster) {
        List<Long> all = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    /** Alive and not a zombie: a killed postmaster whose parent never reaps it still shows as alive to ProcessHandle. */
    static boolean running(long pid) {
        return !gone(pid);
    }

    /** Gone, or a zombie nobody reaps (PID 1 may not reap orphans): either way it runs nothing any more. */
    static boolean gone(long pid) {
        char state = procState(pid);
        return state == 0 || state == 'Z' || state == 'X';
    }

    static boolean stopped(long pid) {
        char state = procState(pid);
        return state == 'T' || state == 't';
    }

    /**
     * The state letter of {@code /proc/<pid>/stat} ({@code T} stopped, {@code Z} zombie, ...); 0 when there is no
     * such process, {@code ?} when it runs but {@code /proc} cannot say how (then ProcessHandle is trusted).
     */
    private static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? '?' : 0;
        }
    }

    /** Guards a signal against a stale pid file whose pid now belongs to some other program. */
    static boolean isPostmaster(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> c.endsWith("/postgres") || c.endsWith("/postmaster")).orElse(false);
    }

    /**
     * The program {@code pid} runs when it is known to be something else than PostgreSQL's server: a stale pid file
     * whose pid was reused. Empty for a postmaster, and when the program cannot be read (then it may well be one).
     */
    static Optional<String> otherProgram(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .filter(c -> !c.endsWith("/postgres") && !c.endsWith("/postmaster"));
    }

    /** Whether every one of {@code pids} is gone within {@code wait}. */
    static boolean awaitGone(List<Long> pids, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!pids.stream().allMatch(PgProcesses::gone)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
        return true;
    }

    static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
