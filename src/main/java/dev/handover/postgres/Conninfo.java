package dev.handover.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A libpq connection string ({@code host=a port=5432 user='x y'}) as ordered key/values, so a
 * standby's {@code primary_conninfo} can be re-pointed at a new primary keeping its user, passfile,
 * TLS and other settings as they were.
 */
public final class Conninfo {
    private final Map<String, String> values;

    private Conninfo(Map<String, String> values) {
        this.values = values;
    }

    public static Conninfo empty() {
        return new Conninfo(new LinkedHashMap<>());
    }

    /** Parses the keyword/value form; URIs ({@code postgresql://}) are not used by primary_conninfo from pg_basebackup. */
    public static Conninfo parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("conninfo: missing '=' after \"" + text.substring(i).trim() + "\"");
            }
            String key = text.substring(i, eq).trim();
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        i++;
                        c = text.charAt(i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= n) {
                    throw new IllegalArgumentException("conninfo: unterminated quote in value of " + key);
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        i++;
                        c = text.charAt(i);
                    }
                    value.append(c);
                    i++;
                }
            }
            out.put(key, value.toString());
        }
        return new Conninfo(out);
    }

    /** A copy with {@code key} set (added at the end when new). */
    public Conninfo with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Conninfo(copy);
    }

    public Conninfo without(String key) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.remove(key);
        return new Conninfo(copy);
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The libpq text form; values are quoted only when they must be (empty, spaces, quotes, backslashes). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(k).append('=');
            if (!v.isEmpty() && v.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '\\')) {
                sb.append(v);
            } else {
                sb.append('\'').append(v.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            }
        });
        return sb.toString();
    }

    /** The text form with any password masked, for messages and reports. */
    public String redacted() {
        return values.containsKey("password") ? with("password", "********").format() : format();
    }

    /**
     * The text form to copy into a step a person runs: a password appears as {@code ${VARIABLE}}, the environment
     * variable it is kept in (in braces: the journal's redaction keeps exactly that form), so the pasted command works
     * where that variable is set and the secret is never shown. A name that is no variable's falls back to
     * {@code PGPASSWORD}. Without a password the text is as {@link #format()} (libpq reads PGPASSWORD or ~/.pgpass).
     */
    public String toCopy(String passwordVariable) {
        String name = passwordVariable.matches("[A-Za-z_][A-Za-z0-9_]*") ? passwordVariable : "PGPASSWORD";
        return values.containsKey("password") ? with("password", "${" + name + "}").format() : format();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
