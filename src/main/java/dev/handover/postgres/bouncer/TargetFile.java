package dev.handover.postgres.bouncer;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [databases]} file a PgBouncer {@code %include}s, which Handover owns: each listed database's
 * {@code host} and {@code port} point at the primary, every other keyword of its line is kept, and a check
 * entry ({@link BouncerDefinition#checkEntry}) routes the same way. Written whole to a temporary file
 * beside it and renamed over it, so a RELOAD never reads half a file.
 */
final class TargetFile {
    static final String HEADER = "# Written by Handover: the [databases] entries that follow the primary.\n"
            + "# Rewritten on every switchover; edit keywords other than host and port freely.\n";

    private TargetFile() {
    }

    /** The current text, empty when the file does not exist yet. */
    static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** {@code text} with every database of {@code databases} (and its check entry) routed to {@code host:port}. */
    static String retarget(String text, List<String> databases, String host, int port) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";") || t.startsWith("[")) {
                continue;
            }
            int eq = t.indexOf('=');
            if (eq > 0) {
                lines.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
            }
        }
        for (String db : databases) {
            Map<String, String> kw = keywords(Optional.ofNullable(lines.get(db)).orElse(""));
            kw.put("host", host);
            kw.put("port", Integer.toString(port));
            kw.putIfAbsent("dbname", db);
            lines.put(db, join(kw));
            // The check entry: same server and login, its own tiny pool, never paused.
            Map<String, String> check = new LinkedHashMap<>(kw);
            check.put("pool_size", "1");
            check.remove("min_pool_size");
            check.remove("reserve_pool");
            lines.put(BouncerDefinition.checkEntry(db), join(check));
        }
        StringBuilder out = new StringBuilder(HEADER).append("[databases]\n");
        lines.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    /** Where {@code db} points in {@code text}, as {@code host:port}; empty when it has no line there. */
    static Optional<String> target(String text, String db) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).strip().equals(db)) {
                Map<String, String> kw = keywords(t.substring(eq + 1).strip());
                return Optional.of(kw.getOrDefault("host", "") + ":" + kw.getOrDefault("port", "5432"));
            }
        }
        return Optional.empty();
    }

    /** Writes {@code text} atomically, keeping the old file's owner and mode so PgBouncer can still read it. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                if (Files.exists(file)) {
                    PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
                    view.setPermissions(old.permissions());
                    view.setOwner(old.owner());
                    view.setGroup(old.group());
                } else {
                    view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code key=value} pairs of a connection string; values are written without quotes or spaces by Handover. */
    private static Map<String, String> keywords(String connstr) {
        Map<String, String> kw = new LinkedHashMap<>();
        for (String part : connstr.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kw.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return kw;
    }

    private static String join(Map<String, String> kw) {
        List<String> parts = new ArrayList<>();
        kw.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }
}
