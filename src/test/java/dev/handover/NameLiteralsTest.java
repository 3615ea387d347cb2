package dev.handover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard behind {@link ArchitectureTest}'s journal-name rule, tried on planted sources. */
class NameLiteralsTest {
    @TempDir
    Path root;

    @Test
    void aNameLiteralIsFoundWithItsFileAndLineAndTheCodecAndCommentsAreNot() throws Exception {
        Files.createDirectories(root.resolve("cli"));
        Files.createDirectories(root.resolve("journal"));
        Files.writeString(root.resolve("cli/Planted.java"), String.join("\n",
                "class Planted {",
                "    // \"forced\" in a comment, /* \"aborted\" */ too",
                "    String a = \"forced\";",
                "    boolean b(String s) { return \"unknown\".equals(s) || s.equals(\"frozen\"); }",
                "    String c = \"unknown\"; // the plain word for a value not read: allowed",
                "    int d(String s) { return switch (s) { case \"x\", \"cancelled\" -> 1; default -> 0; }; }",
                "    String e = \"catch-up-timed-out is no longer a word here\";",
                "    String f = \"outcome-unknown\";",
                "}"));
        Files.writeString(root.resolve("journal/JournalNames.java"), "class JournalNames { String a = \"forced\"; }");

        assertEquals(List.of("cli/Planted.java:3: \"forced\"", "cli/Planted.java:4: \"unknown\"",
                "cli/Planted.java:4: \"frozen\"", "cli/Planted.java:6: \"cancelled\"",
                "cli/Planted.java:8: \"outcome-unknown\""), NameLiterals.find(root));
    }

    @Test
    void theNamesComeFromTheCodec() {
        assertTrue(NameLiterals.names().containsAll(List.of("committed", "forced", "aborted", "unknown", "unfinished",
                "awaiting-approval", "outcome-unknown", "still-frozen", "step-done", "commit-failed", "vetoed",
                "catch-up-timed-out", "force-declined", "force", "coordinated")), NameLiterals.names().toString());
    }
}
