package dev.handover.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A journal written by an earlier build still reads, and every line writes back byte for byte: the fixture is
 * main's output (2026-12-07, before the journal's names became types) of five CLI runs, each
 * {@code java -jar target/handover.jar run ... --journal DIR}: sim:healthy coordinated (committed), sim:stalled-replica
 * force approved (forced) and declined (aborted, force-declined), sim:target-crash coordinated (aborted,
 * poll-failed), and sim:healthy with a pre-switchover hook that exits 3 (aborted, vetoed).
 */
class OldJournalTest {
    static final String FIXTURE = "/journal/main-2026-12-07.jsonl";

    @TempDir
    Path dir;

    static List<String> fixtureLines() throws IOException {
        try (InputStream in = OldJournalTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void everyLineOfAnOldJournalWritesBackByteForByte() throws Exception {
        List<String> lines = fixtureLines();
        assertEquals(50, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JournalLine parsed = Json.MAPPER.readValue(lines.get(i), JournalLine.class);
            assertEquals(lines.get(i), JournalRun.line(parsed), "line " + (i + 1));
        }
    }

    @Test
    void anOldJournalLoadsWithoutDamage() throws Exception {
        Journal journal = Journal.at(dir);
        Files.write(journal.file(), fixtureLines(), StandardCharsets.UTF_8);
        JournalContents contents = journal.load();
        assertEquals(List.of(), contents.damaged());
        assertEquals(5, contents.runs().size());
    }
}
