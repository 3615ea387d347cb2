package dev.handover.journal;

import dev.handover.core.AbortReason;
import dev.handover.core.ForceDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
        assertEquals(List.of(Result.COMMITTED, Result.FORCED, Result.ABORTED, Result.ABORTED, Result.ABORTED),
                contents.runs().stream().map(JournaledRun::result).toList());
        assertEquals(List.of(EndReason.NONE, EndReason.NONE, EndReason.ABORT, EndReason.ABORT, EndReason.VETOED),
                contents.runs().stream().map(r -> r.report().outcome().why()).toList());
        assertEquals(java.util.Arrays.asList(null, null, AbortReason.FORCE_DECLINED, AbortReason.POLL_FAILED, null),
                contents.runs().stream().map(r -> r.report().outcome().abortReason().orElse(null)).toList());
        assertEquals(List.of(EventType.FROZEN, EventType.POLLED, EventType.POLLED, EventType.AWAITING_APPROVAL,
                        EventType.APPROVAL_DECIDED, EventType.POLLED, EventType.COMMITTED), contents.runs().get(1).report().events().stream().map(EventEntry::kind).toList());
        assertEquals(List.of(Optional.of(ForceDecision.APPROVE)), contents.runs().get(1).report().events().stream()
                .filter(e -> e.kind() == EventType.APPROVAL_DECIDED).map(EventEntry::forceDecision).toList());
        assertEquals(List.of(), journal.pendingRecoveries(), "every run ended cleanly");
    }

    @Test
    void anOldRunWithoutItsFinishedLineReadsAsUnfinished() throws Exception {
        Journal journal = Journal.at(dir);
        List<String> lines = fixtureLines().stream()
                .filter(l -> !l.startsWith("{\"kind\":\"finished\",\"run\":\"20261207-123144-2d8513\"")).toList();
        assertEquals(49, lines.size());
        Files.write(journal.file(), lines, StandardCharsets.UTF_8);
        JournaledRun forced = journal.load().runs().get(1);
        assertEquals(Result.UNFINISHED, forced.result());
        assertEquals(Result.FORCED, forced.report().outcome().result(),
                "rebuilt from its events without its finished line: the terminal event made it to disk");
        assertEquals(EventType.COMMITTED, forced.report().events().get(forced.report().events().size() - 1).kind());
        assertEquals(List.of(RecoveryAction.NONE), journal.pendingRecoveries().stream().map(Recovery::action).toList(),
                "its commit made it to the journal: nothing to do but acknowledge it");
    }
}
