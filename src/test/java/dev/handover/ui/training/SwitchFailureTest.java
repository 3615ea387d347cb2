package dev.handover.ui.training;

import dev.handover.cluster.ClusterException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The file named once, decided from what the exception says it is about, not from its text. */
class SwitchFailureTest {
    private static final Path FILE = Path.of("/srv/drills/my-drill.json");

    @Test
    void aLoadersMessageAboutTheSameFileAddsOnlyWhatFollowsItsNaming() {
        ClusterException e = ClusterException.inFile(FILE, "scenario file " + FILE, ": no such file", null);
        assertEquals("scenario file " + FILE + ": no such file", e.getMessage(), "the message itself is unchanged");
        assertEquals("scenario " + FILE + " (restarted): no such file",
                SwitchFailure.describe("scenario " + FILE + " (restarted)", Optional.of(FILE), e));
        assertEquals("PostgreSQL cluster " + FILE + ": nodes[1].jdbcUrl: missing",
                SwitchFailure.describe("PostgreSQL cluster " + FILE, Optional.of(FILE), ClusterException.inFile(FILE,
                        "nodes[1].jdbcUrl: missing")));
    }

    @Test
    void aMessageAboutAnotherFileOrNoneIsKeptWhole() {
        ClusterException other = ClusterException.inFile(Path.of("/etc/handover/hooks.json"), "timeout: too long");
        assertEquals("PostgreSQL cluster " + FILE + ": /etc/handover/hooks.json: timeout: too long",
                SwitchFailure.describe("PostgreSQL cluster " + FILE, Optional.of(FILE), other));
        assertEquals("scenario healthy: could not read built-in scenario healthy: gone", SwitchFailure.describe(
                "scenario healthy", Optional.empty(), new ClusterException("could not read built-in scenario healthy: gone")));
    }
}
