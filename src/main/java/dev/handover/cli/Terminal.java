package dev.handover.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /**
     * The process's terminal, when it has one: {@code System.console()}, or, when only the output is redirected
     * ({@code handover run ... | tee log}: no console then, although a person types at stdin), the controlling
     * terminal {@code /dev/tty}, so the question is asked where the person is and not into the log. Stdin that is
     * not a terminal (a script, {@code < file}) or a {@code /dev/tty} that cannot be opened is no terminal.
     */
    static Optional<Terminal> system() {
        Console c = System.console();
        if (c != null) {
            return Optional.of(new Terminal(c.reader(), c.writer()));
        }
        return stdinIsATerminal() ? controlling(Path.of(CONTROLLING)) : Optional.empty();
    }

    /** The controlling terminal's device: the same for every process that has one. */
    static final String CONTROLLING = "/dev/tty";

    /** {@code device} opened to read and write, or empty when it cannot be (no controlling terminal: {@code setsid}). */
    static Optional<Terminal> controlling(Path device) {
        try {
            InputStream in = Files.newInputStream(device);
            OutputStream out;
            try {
                out = Files.newOutputStream(device, StandardOpenOption.WRITE);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return Optional.of(new Terminal(new InputStreamReader(in, Charset.defaultCharset()),
                    new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether fd 0 is a terminal device, as Linux's /proc names it; anything else (or no /proc) is not. */
    private static boolean stdinIsATerminal() {
        try {
            String to = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return to.startsWith("/dev/pts/") || to.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
