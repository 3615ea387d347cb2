package dev.handover.cli;

import dev.handover.core.Cancellation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or a SIGTERM (a service stopped, a terminal closed) while a run goes on. Without this the process dies
 * at once: the freeze keeper lifts the freeze on the database, but nothing would resume what else the run holds
 * (PgBouncer pools stay paused, their clients queued) and nothing is printed. With it the signal is an Abort: the
 * run aborts if the commit has not begun (writes and paused pools resumed, the record closed), or ends its commit
 * if it has, and the process then exits with the run's own code.
 */
final class InterruptGuard implements AutoCloseable {
    /** How long the signalled process waits for the run to end: longer than a commit takes, shorter than most stop timeouts. */
    static final Duration WAIT = Duration.ofSeconds(80);

    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;
    private volatile ExitCode code = ExitCode.UNKNOWN;

    /** Installs the guard for a run whose Abort is {@code cancellation}, whose writes are on {@code primary}. */
    InterruptGuard(Cancellation cancellation, String primary, PrintStream err) {
        hook = new Thread(() -> {
            err.println(cancellation.cancel()
                    ? "handover: interrupted: aborting the run; writes on " + primary + " and any paused connection pools are "
                    + "resumed before this process exits"
                    : "handover: interrupted during the commit, which cannot be stopped: waiting for it to end");
            try {
                if (ended.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    err.flush();
                    Runtime.getRuntime().halt(code.code()); // the run's code, not the signal's
                }
                err.println("handover: the run did not end within " + WAIT.toSeconds() + " s of the interrupt; writes may still "
                        + "be frozen on " + primary + " or pools paused: run `handover recover` with this journal");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "handover-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run ended (recorded, printed) with {@code exit}: a waiting interrupt now lets the process go with it. */
    void ended(ExitCode exit) {
        code = exit;
        ended.countDown();
    }

    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it exits with the code given to ended()
        }
    }
}
