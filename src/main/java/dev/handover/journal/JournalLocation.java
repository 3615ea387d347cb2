package dev.handover.journal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the journal lives when nobody says: the XDG data directory, {@code $XDG_DATA_HOME/handover/journal},
 * else {@code ~/.local/share/handover/journal}. {@code --journal DIR} and the console's setting override it;
 * so does the system property {@code handover.journal} (for a build that must not touch the user's journal).
 */
public final class JournalLocation {
    public static final String PROPERTY = "handover.journal";

    private JournalLocation() {
    }

    /** The default directory for this user and process. */
    public static Path defaultDirectory() {
        return defaultDirectory(System.getenv(), Optional.ofNullable(System.getProperty(PROPERTY)),
                System.getProperty("user.home"));
    }

    /** The rule itself, with the environment passed in so it can be tested. */
    static Path defaultDirectory(Map<String, String> env, Optional<String> property, String userHome) {
        Optional<Path> fromProperty = property.filter(p -> !p.isBlank()).flatMap(JournalLocation::path);
        if (fromProperty.isPresent()) {
            return fromProperty.get();
        }
        // The XDG spec: a relative $XDG_DATA_HOME is invalid and must be ignored.
        Optional<Path> xdg = Optional.ofNullable(env.get("XDG_DATA_HOME")).filter(v -> !v.isBlank())
                .flatMap(JournalLocation::path).filter(Path::isAbsolute);
        Path data = xdg.orElseGet(() -> Path.of(userHome, ".local", "share"));
        return data.resolve("handover").resolve("journal");
    }

    private static Optional<Path> path(String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
