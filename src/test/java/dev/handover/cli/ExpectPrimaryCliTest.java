package dev.handover.cli;

import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunRecording;
import dev.handover.journal.Who;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --expect-primary / --expect-term}: a script's idea of the cluster, refused before anything is frozen. */
class ExpectPrimaryCliTest {
    @TempDir
    Path journal;

    @Test
    void aPrimaryOtherThanTheExpectedOneIsRefusedAndNothingRuns() throws Exception {
        CliTest.Result r = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--expect-primary", "n3", "--journal", journal.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("the primary is n1 (term 7), not n3 as --expect-primary says; nothing was frozen"), r.err());
        assertFalse(Files.exists(journal.resolve("journal.jsonl")), "nothing was run, so nothing was recorded");
    }

    @Test
    void aTermOtherThanTheExpectedOneIsRefused() {
        CliTest.Result r = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--expect-primary", "n1", "--expect-term", "6", "--journal", journal.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("n1 is primary under term 7, not term 6 as --expect-term says"), r.err());
    }

    @Test
    void whatTheClusterShowsRunsAsUsual() {
        CliTest.Result r = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--expect-primary", "n1", "--expect-term", "7", "--journal", journal.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aTermThatIsNotANumberIsBadInput() {
        CliTest.Result r = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--expect-term", "seven");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--expect-term expects a whole number"), r.err());
    }

    @Test
    void releaseOfARunThatEndedCleanlyIsBadInput() {
        CliTest.Result run = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--journal", journal.toString());
        assertEquals(0, run.code(), run.err());
        String id = run.out().lines().filter(l -> l.startsWith("Recorded as run ")).findFirst().orElseThrow()
                .split(" ")[3];
        CliTest.Result r = cli("recover", "--journal", journal.toString(), "--release", id);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("ended cleanly"), r.err());
    }

    @Test
    void releaseOfAnUnfinishedSimulatedRunIsBadInput() throws Exception {
        FailoverRequest req = new FailoverRequest(new FailoverNode("n1", "sim://n1", "r1"), new FailoverNode("n2", "sim://n2", "r1"),
                7, 0, new FailoverMode.Coordinated(Duration.ofSeconds(5)));
        RunRecording died = RunRecording.start(Journal.at(journal), Who.now("sim:healthy", Instant.now()),
                RunRecorder.request(req, Duration.ofMillis(100), Optional.empty(), Optional.of(1L)), List.of());
        CliTest.Result r = cli("recover", "--journal", journal.toString(), "--release", died.id());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("was on the simulated cluster sim:healthy"), r.err());
    }
}
