package dev.handover.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Edits the text of a stopped server's {@code postgresql.auto.conf} the way ALTER SYSTEM would: one
 * line per setting, the old line replaced rather than another appended, so a node that is demoted
 * and promoted many times does not grow a pile of dead lines.
 */
final class AutoConf {
    private final List<String> lines = new ArrayList<>();

    AutoConf(String text) {
        for (String line : text.split("\n", -1)) {
            lines.add(line);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
    }

    /** A setting's value in the file at {@code file}; empty when the file or the setting is missing. */
    static java.util.Optional<String> read(java.nio.file.Path file, String key) {
        try {
            AutoConf conf = new AutoConf(java.nio.file.Files.readString(file));
            Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=\\s*'((?:[^']|'')*)'\\s*$", Pattern.CASE_INSENSITIVE);
            java.util.Optional<String> found = java.util.Optional.empty();
            for (String line : conf.lines) {
                var m = p.matcher(line);
                if (m.matches()) {
                    found = java.util.Optional.of(m.group(1).replace("''", "'"));
                }
            }
            return found;
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    AutoConf set(String key, String value) {
        remove(key);
        lines.add(key + " = '" + value.replace("'", "''") + "'");
        return this;
    }

    AutoConf remove(String key) {
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*=.*$", Pattern.CASE_INSENSITIVE);
        lines.removeIf(l -> p.matcher(l).matches());
        return this;
    }

    String text() {
        return String.join("\n", lines) + "\n";
    }
}
