package dev.handover.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a text exposition that promtool has already accepted, read back so a test can check their
 * values: {@code name{label="value",...} number}. Label order does not matter to a lookup.
 */
public record Exposition(Map<String, Double> samples, Map<String, String> types) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public static Exposition parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            if (samples.put(key(m.group(1), labels), Double.parseDouble(m.group(3))) != null) {
                throw new IllegalArgumentException("a sample given twice: " + line);
            }
        }
        return new Exposition(samples, types);
    }

    /** The sample's value; {@code labels} as name, value, name, value …. */
    public Optional<Double> value(String name, String... labels) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            want.put(labels[i], labels[i + 1]);
        }
        return Optional.ofNullable(samples.get(key(name, want)));
    }

    /** The value, failing the test when there is no such sample. */
    public double get(String name, String... labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " "
                + String.join(",", labels) + " in:\n" + String.join("\n", samples.keySet())));
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
