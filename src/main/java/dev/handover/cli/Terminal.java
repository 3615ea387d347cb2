package dev.handover.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A person at a terminal: where {@code run} asks before a forced commit and draws its carriage-return progress
 * line. {@link #system()} is the process's own ({@code System.console()}); tests hand in a reader and a writer.
 * Absent, nobody can be asked, and a force run needs {@code --force-approval}.
 */
final class Terminal {
    /** What {@link #readLine} saw: a line typed, the end of input, or nothing typed in time. */
    sealed interface Answer {
        record Typed(String line) implements Answer {
        }

        record Ended() implements Answer {
        }

        record TimedOut() implements Answer {
        }
    }

    private static final Object EOF = new Object();

    private final Reader in;
    private final PrintWriter writer;
    private BlockingQueue<Object> lines;

    private Terminal(Reader in, Writer out) {
        this.in = in;
        this.writer = out instanceof PrintWriter p ? p : new PrintWriter(out, true);
    }

    /** The process's terminal, when it has one. */
    static Optional<Terminal> system() {
        Console c = System.console();
        return c == null ? Optional.empty() : Optional.of(new Terminal(c.reader(), c.writer()));
    }

    /** A terminal that reads {@code in} and writes {@code out} (tests, or any interactive stream). */
    static Terminal of(Reader in, Writer out) {
        return new Terminal(in, out);
    }

    PrintWriter writer() {
        return writer;
    }

    /**
     * Prints {@code question} and reads the answer, waiting as long as a person takes (nothing is frozen while a
     * repair's plan waits for its answer); empty at the end of input.
     */
    Optional<String> ask(String question) {
        writer.print(question);
        writer.flush();
        try {
            return readLine(Duration.ofDays(1)) instanceof Answer.Typed typed ? Optional.of(typed.line()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The next line typed, waiting at most {@code within}. The reading happens on a daemon thread, so a wait that
     * ends (time up) leaves no caller blocked on the terminal; a line typed later is the next call's.
     */
    synchronized Answer readLine(Duration within) throws InterruptedException {
        if (lines == null) {
            lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(this::pump, "handover-terminal");
            reader.setDaemon(true);
            reader.start();
        }
        Object got = lines.poll(Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS);
        if (got == null) {
            return new Answer.TimedOut();
        }
        if (got == EOF) {
            lines.add(EOF); // every later read ends too
            return new Answer.Ended();
        }
        return new Answer.Typed((String) got);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(in)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the terminal went away: as good as the end of input, which declines
        }
        lines.add(EOF);
    }
}
