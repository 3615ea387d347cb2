package dev.handover.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A signal to one process, made ready before the write freeze and sent inside it: a small shell that
 * waits for one line on its standard input, then runs its built-in {@code kill} (no program to start). Starting a process costs
 * several milliseconds (more on a busy host); the freeze should not pay them. When the line never
 * comes — the run aborts, or this JVM dies and the pipe closes — the shell reads end-of-file and exits
 * without sending anything.
 */
final class ArmedSignal implements AutoCloseable {
    private final Process shell;
    private final long pid;

    private ArmedSignal(Process shell, long pid) {
        this.shell = shell;
        this.pid = pid;
    }

    /** Readies {@code kill -<signal> <pid>}; the caller checked that it may signal that process. */
    static ArmedSignal arm(long pid, String signal) throws IOException {
        if (!signal.matches("[A-Z]+")) {
            throw new IllegalArgumentException("not a signal name: " + signal);
        }
        Process p = new ProcessBuilder("sh", "-c", "read -r _ && kill -" + signal + " " + pid)
                .redirectErrorStream(true).start();
        return new ArmedSignal(p, pid);
    }

    /** The process this signal is for. */
    long pid() {
        return pid;
    }

    /** Sends the signal and waits for kill's verdict. */
    void fire() throws IOException {
        try {
            OutputStream in = shell.getOutputStream();
            in.write("\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            if (!shell.waitFor(10, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
                throw new IOException("kill did not finish within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + pid, e);
        } catch (IOException e) {
            throw new IOException("the signal readied for process " + pid + " could not be sent: " + e.getMessage(), e);
        }
        if (shell.exitValue() != 0) {
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException("kill of process " + pid + " failed (exit " + shell.exitValue() + "): " + out);
        }
    }

    /** Stands down without signalling (a no-op once fired), and waits briefly for the shell to go. */
    @Override
    public void close() {
        try {
            shell.getOutputStream().close(); // end-of-file: the shell exits without sending anything
            if (!shell.waitFor(1, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (IOException e) {
            shell.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.destroyForcibly();
        }
    }
}
