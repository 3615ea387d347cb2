package dev.handover.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The one bounded wait of the tests on something with no virtual clock to drive (a real server, a process, the FX
 * thread): it reads a value, checks it, and reads again every {@link #PERIOD} until the check holds or the time is
 * up. There is no form that takes a bare boolean: a wait that times out must say what it last read (the count, the
 * label's text, the server's answer, or what the read threw), since a timeout seen once in hundreds of runs on a
 * loaded machine is otherwise a message that says nothing.
 */
public final class Await {
    /** Between two reads. Short beside every bound here; a read that opens a connection takes longer under load anyway. */
    public static final Duration PERIOD = Duration.ofMillis(10);
    /** The most of a last reading a timeout message repeats. */
    static final int LONGEST = 4000;

    private Await() {
    }

    /** A read that may fail: a refused connection is something seen while waiting, not a reason to stop. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws Exception;
    }

    /** How a wait ended: whether the check held, and what was read last (or what the last read threw). */
    public record Seen<T>(boolean met, T last, Exception failed, int reads, Duration waited) {
        /** The last reading, as words: the value, or the exception the read threw. */
        public String lastRead() {
            if (reads == 0) {
                return "nothing (no read finished)";
            }
            String text = failed != null ? "the read threw " + failed : String.valueOf(last);
            // A journal or a log read whole: its end is what changed last.
            return text.length() <= LONGEST ? text : "…" + text.substring(text.length() - LONGEST);
        }

        /** What a timeout says: how long, what was awaited, how many reads, and the last one. */
        public String timedOut(String what) {
            return String.format(Locale.ROOT, "timed out after %s waiting for %s (%d reads); last read: %s",
                    seconds(waited), what, reads, lastRead());
        }
    }

    /** Waits until {@code done} holds for what {@code read} returns; that value. Fails saying what it last read. */
    public static <T> T until(String what, Duration timeout, Read<T> read, Predicate<? super T> done) {
        return until(what, timeout, PERIOD, read, done);
    }

    /** The same, reading every {@code period}: for a read that is heavy itself (a whole status, a CLI run). */
    public static <T> T until(String what, Duration timeout, Duration period, Read<T> read, Predicate<? super T> done) {
        Seen<T> seen = upTo(timeout, period, read, done);
        if (!seen.met()) {
            AssertionError e = new AssertionError(seen.timedOut(what));
            if (seen.failed() != null) {
                e.initCause(seen.failed());
            }
            throw e;
        }
        return seen.last();
    }

    /**
     * The same without failing, for a caller that goes on either way (and logs {@link Seen#lastRead()}). A read
     * that throws an {@link Exception} counts as a reading that does not meet the check; an {@link Error} (a
     * failed assertion inside the read, e.g. "the process exited") ends the wait at once.
     */
    public static <T> Seen<T> upTo(Duration timeout, Read<T> read, Predicate<? super T> done) {
        return upTo(timeout, PERIOD, read, done);
    }

    /** {@link #upTo(Duration, Read, Predicate)}, reading every {@code period}. */
    public static <T> Seen<T> upTo(Duration timeout, Duration period, Read<T> read, Predicate<? super T> done) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        T last = null;
        Exception failed = null;
        int reads = 0;
        while (true) {
            try {
                last = read.read();
                failed = null;
                reads++;
                if (done.test(last)) {
                    return new Seen<>(true, last, null, reads, Duration.ofNanos(System.nanoTime() - start));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            } catch (Exception e) {
                failed = e;
                reads++;
            }
            if (System.nanoTime() > deadline) {
                return new Seen<>(false, last, failed, reads, Duration.ofNanos(System.nanoTime() - start));
            }
            LockSupport.parkNanos(period.toNanos());
        }
    }

    /**
     * For a check that is a yes/no of its own (a node "takes writes", a row set "holds all"): {@code done} is
     * checked, and each time it does not hold {@code seen} is read, so that a timeout says what was there instead.
     */
    public static void until(String what, Duration timeout, BooleanSupplier done, Read<?> seen) {
        until(what, timeout, () -> done.getAsBoolean() ? null : String.valueOf(seen.read()), Objects::isNull);
    }

    /** Waits until a process has ended; fails naming it and saying it was still alive. */
    public static void exited(String what, Duration timeout, ProcessHandle process) {
        until(what, timeout, () -> process.isAlive() ? "pid " + process.pid() + " still alive" : "ended", "ended"::equals);
    }

    /** As {@link #exited(String, Duration, ProcessHandle)}, for a child process. */
    public static void exited(String what, Duration timeout, Process process) {
        exited(what, timeout, process.toHandle());
    }

    /** As {@link #exited(String, Duration, ProcessHandle)}, for a pid that may already be gone. */
    public static void exited(String what, Duration timeout, long pid) {
        until(what, timeout, () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> "pid " + pid + " still alive").orElse("ended"), "ended"::equals);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
