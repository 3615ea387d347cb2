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
