package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The postmaster and its processes as {@link PgCtl} signals and waits on them: its pid file, its children,
 * whether each is gone or stopped. Apart from PgCtl because reading {@code /proc} is not running PostgreSQL's
 * tools. (It overlaps {@link PgProcesses}, kept apart so each keeps its exact answers.)
 */
final class PgCtlProcesses {
    private PgCtlProcesses() {
    }

    /** The postmaster and every process it started, listed now. */
    static List<Long> family(long postmaster) {
        List<Long> all = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    static boolean awaitGone(List<Long> pids, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!pids.stream().allMatch(PgCtlProcesses::gone)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(20));
        }
        return true;
    }

    /** Gone, or a zombie nobody reaps (PID 1 may not reap orphans): either way it runs nothing any more. */
    static boolean gone(long pid) {
        char state = procState(pid);
        return state == 0 || state == 'Z' || state == 'X';
    }

    static boolean isStopped(long pid) {
        char state = procState(pid);
        return state == 'T' || state == 't';
    }

    /** The state letter of {@code /proc/<pid>/stat}, 0 when there is no such process. */
    private static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? '?' : 0;
        }
    }

    /** Guards the signal against a stale pid file whose pid now belongs to some other program. */
    static boolean isPostmaster(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .map(c -> c.endsWith("/postgres") || c.endsWith("/postmaster")).orElse(false);
    }

    static Optional<Long> postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
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
