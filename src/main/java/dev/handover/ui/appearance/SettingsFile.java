package dev.handover.ui.appearance;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console's own settings (theme, text size) in a small properties file in the user's config directory
 * ({@code $XDG_CONFIG_HOME/handover/console.properties}, else {@code ~/.config/handover/}). It holds only how
 * the console looks: never a cluster, a password or anything from a run. Tests give it a temporary file.
 */
public final class SettingsFile {
    private final Path file;

    public SettingsFile(Path file) {
        this.file = file;
    }

    /** Where the console keeps its settings for this user. */
    public static SettingsFile defaultLocation() {
        return new SettingsFile(configDirectory(System.getenv(), System.getProperty("user.home", ".")).resolve("handover")
                .resolve("console.properties"));
    }

    static Path configDirectory(Map<String, String> env, String home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".config");
    }

    public Path file() {
        return file;
    }

    /** What was saved; empty values for a missing or unreadable file (the console then starts with its defaults). */
    public Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties();
            }
        }
        return p;
    }

    /** Saves {@code values} whole (written aside, then moved over, so a crash never leaves half a file). */
    public void save(Properties values) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            values.store(out, "Handover console: how it looks (theme, text size)");
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One value, if saved. */
    public static Optional<String> value(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
