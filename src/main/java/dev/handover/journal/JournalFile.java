package dev.handover.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal file on disk: lines are only ever appended, each in one write under a file lock (the
 * console and a headless run may share a journal), and never rewritten. A line cut short by a crash
 * is closed off with a newline before the next append, so the damage stays on its own line.
 */
final class JournalFile {
    /** One in-process monitor per file: a JVM may not hold two overlapping FileLocks on one file. */
    private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;

    JournalFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    Path path() {
        return file;
    }

    /**
     * Append {@code line} (one line of JSON, no newline). {@code durable} also forces it to disk: the
     * lines recovery depends on (start, freeze, commit, terminal, finish) survive a power cut too;
     * a poll reading only needs to survive the process.
     */
    void append(String line, boolean durable) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a journal line must not contain a line break");
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.getParent());
        synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
            // Every writer takes the lock before writing at the end, so positioned writes at size() only
            // ever append (Java refuses READ with APPEND, and the newline check has to read).
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
                 FileLock ignored = ch.lock()) {
                ByteBuffer out = endsWithNewline(ch) ? ByteBuffer.wrap(bytes) : withLeadingNewline(bytes);
                long end = ch.size();
                while (out.hasRemaining()) {
                    end += ch.write(out, end);
                }
                if (durable) {
                    ch.force(false);
                }
            }
        }
    }

    /**
     * Every line with its 1-based number; {@code complete} is false for a last line without a newline
     * (cut short). Bytes that are not UTF-8 become U+FFFD, so one garbled line cannot hide the rest.
     * A journal that does not exist yet has no lines.
     */
    List<NumberedLine> readLines() throws IOException {
        List<NumberedLine> lines = new ArrayList<>();
        boolean lastComplete;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            StringBuilder current = new StringBuilder();
            int number = 0;
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    lines.add(new NumberedLine(++number, stripCr(current), true));
                    current.setLength(0);
                } else {
                    current.append((char) c);
                }
            }
            lastComplete = current.length() == 0;
            if (!lastComplete) {
                lines.add(new NumberedLine(++number, stripCr(current), false));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return lines;
    }

    /** A line as read: its number, its text, and whether it ended with a newline. */
    record NumberedLine(int number, String text, boolean complete) {
    }

    private static boolean endsWithNewline(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return true;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static ByteBuffer withLeadingNewline(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 1);
        b.put((byte) '\n').put(bytes).flip();
        return b;
    }

    private static String stripCr(StringBuilder s) {
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
    }
}
