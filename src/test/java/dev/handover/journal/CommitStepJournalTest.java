package dev.handover.journal;

import dev.handover.core.HandoverEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A commit's live steps in the journal: read back as the same events, and a run that died after one counts as committing. */
class CommitStepJournalTest {
    @TempDir
    Path dir;

    @Test
    void aCommitStepReadsBackAndARunThatDiedAfterOneNeedsItsRolesVerified() throws Exception {
        Journal j = Journal.at(dir.resolve("journal"));
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "10.0.1.1:5432", "eu-west", "pg2", "10.0.1.2:5432",
                "eu-west", 7, 8, "coordinated", 5000, 100, 0, null, null);
        JournalRun run = j.start(Drills.WHO, request, List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(20), 1000));
        run.on(new HandoverEvent.Polled(Duration.ofMillis(30), 1000, 1000));
        run.on(new HandoverEvent.CommitStep(Duration.ofMillis(40), "asking pg2 to promote, 2s of 60s …"));

        JournaledRun r = j.load().runs().get(0);
        assertEquals(List.of(EventType.FROZEN, EventType.POLLED, EventType.COMMIT_STEP),
                r.report().events().stream().map(EventEntry::kind).toList());
        HandoverEvent back = r.report().handoverEvents().get(2);
        assertEquals(new HandoverEvent.CommitStep(Duration.ofMillis(40), "asking pg2 to promote, 2s of 60s …"), back);
        assertTrue(r.commitBegun(), "a step of the commit was journaled: it had begun");
        Recovery advice = j.unfinishedRuns().get(0);
        assertEquals(RecoveryAction.VERIFY_ROLES, advice.action(), advice.advice());
    }
}
