package dev.handover;

import dev.handover.core.AbortReason;
import dev.handover.journal.EndReason;
import dev.handover.journal.EventType;
import dev.handover.journal.JournalNames;
import dev.handover.journal.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds a run's journal names (results, event types, end and abort reasons, modes) written as string literals in the
 * sources, for {@link ArchitectureTest}: only the journal's codec ({@link JournalNames}) spells them; everyone else
 * switches over the types. The names come from the codec itself, so a new constant is covered the day it is added.
 *
 * <p>A few names are also plain words of other vocabularies ({@code unknown} for any value not read, {@code frozen}
 * for a node's condition and a fault point, {@code cancelled} for a schedule): those are flagged only where code
 * decides on them ({@code "w".equals(..)}, {@code .equals("w")}, {@code case "w"}), the way a caller would branch on a
 * journal name; every other name is flagged wherever it stands.
 */
final class NameLiterals {
    static final String CODEC = "journal/JournalNames.java";
    static final Set<String> SHARED_WORDS = Set.of("unknown", "frozen", "cancelled");
    /** The code before a literal that makes it a case label: {@code case "a", } or {@code case }. */
    private static final java.util.regex.Pattern CASE_LABEL =
            java.util.regex.Pattern.compile("\\bcase(\\s*\"[^\"\\n]*\"\\s*,)*$");

    private NameLiterals() {
    }

    /** Every journal name, as the codec spells it. */
    static Set<String> names() {
        Set<String> out = new TreeSet<>();
        for (Result r : Result.values()) {
            out.add(JournalNames.wire(r));
        }
        for (EventType t : EnumSet.complementOf(EnumSet.of(EventType.OTHER))) {
            out.add(JournalNames.wire(t));
        }
        for (EndReason r : EnumSet.of(EndReason.COMMIT_FAILED, EndReason.RESUME_FAILED, EndReason.UNFINISHED,
                EndReason.VETOED)) {
            out.add(JournalNames.wire(r));
        }
        for (AbortReason r : AbortReason.values()) {
            out.add(JournalNames.wire(r));
        }
        out.addAll(JournalNames.MODES);
        return out;
    }

    /** {@code cli/RunCommand.java:361: "committed"} for each name literal under {@code root} outside the codec. */
    static List<String> find(Path root) throws IOException {
        Set<String> names = names();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.equals(CODEC)) {
                    continue;
                }
                String src = Files.readString(f);
                for (Literal l : literals(src)) {
                    if (names.contains(l.text()) && (!SHARED_WORDS.contains(l.text()) || decides(src, l))) {
                        found.add(rel + ":" + l.line() + ": \"" + l.text() + "\"");
                    }
                }
            }
        }
        return found;
    }

    /** Whether the literal is compared or switched on: {@code "w".equals(x)}, {@code x.equals("w")}, {@code case "w"}. */
    private static boolean decides(String src, Literal l) {
        String before = src.substring(Math.max(0, l.start() - 200), l.start()).stripTrailing();
        String after = src.substring(l.end(), Math.min(src.length(), l.end() + 200)).stripLeading();
        return after.startsWith(".equals") || before.endsWith(".equals(") || before.endsWith(".equalsIgnoreCase(")
                || CASE_LABEL.matcher(before).find();
    }

    /** A string literal's text (escapes left as written) and where it stands: {@code start} at its opening quote. */
    record Literal(String text, int line, int start, int end) {
    }

    /** The string literals of Java source, comments, char literals and text blocks skipped. */
    static List<Literal> literals(String src) {
        List<Literal> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int close = src.indexOf("*/", i + 2);
                int stop = close < 0 ? n : close + 2;
                line += count(src, i, stop);
                i = stop;
            } else if (src.startsWith("\"\"\"", i)) {
                int close = src.indexOf("\"\"\"", i + 3);
                int stop = close < 0 ? n : close + 3;
                line += count(src, i, stop);
                i = stop;
            } else if (c == '\'') {
                i++;
                while (i < n && src.charAt(i) != '\'') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '"') {
                int start = i;
                i++;
                StringBuilder text = new StringBuilder();
                while (i < n && src.charAt(i) != '"' && src.charAt(i) != '\n') {
                    if (src.charAt(i) == '\\' && i + 1 < n) {
                        text.append(src.charAt(i)).append(src.charAt(i + 1));
                        i += 2;
                    } else {
                        text.append(src.charAt(i++));
                    }
                }
                i++;
                out.add(new Literal(text.toString(), line, start, Math.min(i, n)));
            } else {
                i++;
            }
        }
        return out;
    }

    private static int count(String src, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (src.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
