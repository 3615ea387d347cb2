package dev.handover.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalLocationTest {
    @Test
    void xdgDataHomeWhenSetAndAbsolute() {
        assertEquals(Path.of("/data/me/handover/journal"),
                JournalLocation.defaultDirectory(Map.of("XDG_DATA_HOME", "/data/me"), Optional.empty(), "/home/me"));
    }

    @Test
    void theHomeDirectoryOtherwiseAndARelativeXdgIsIgnored() {
        Path expected = Path.of("/home/me/.local/share/handover/journal");
        assertEquals(expected, JournalLocation.defaultDirectory(Map.of(), Optional.empty(), "/home/me"));
        assertEquals(expected, JournalLocation.defaultDirectory(Map.of("XDG_DATA_HOME", "rel/dir"), Optional.empty(), "/home/me"));
        assertEquals(expected, JournalLocation.defaultDirectory(Map.of("XDG_DATA_HOME", " "), Optional.empty(), "/home/me"));
    }

    @Test
    void theSystemPropertyOverridesBoth() {
        assertEquals(Path.of("/tmp/build-journal"), JournalLocation.defaultDirectory(Map.of("XDG_DATA_HOME", "/data/me"),
                Optional.of("/tmp/build-journal"), "/home/me"));
    }
}
