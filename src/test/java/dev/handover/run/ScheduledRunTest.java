package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Preflight;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import dev.handover.run.ScheduledRun.Firing;
import dev.handover.sim.SimBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The one scheduled run: written, then at its time fired, refused or found ended, and the book says which. */
class ScheduledRunTest {
    private static final FailoverMode MODE = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void theClusterAsPlannedFiresAndTheBookSaysSo() throws Exception {
        ScheduleBook book = ScheduleBook.of(Journal.at(dir));
        try (ClusterConnection sim = sim()) {
            FailoverRequest req = HandoverPlanner.request(sim.status(), "n2", MODE).orElseThrow();
            ScheduleBook.Entry e = ScheduledRun.write(book, Instant.now(), sim.name(), req);
            Firing.Fired fired = assertInstanceOf(Firing.Fired.class, fire(book, e, sim, req));
            assertEquals("n1", fired.now().primary().orElseThrow().id());
            assertEquals(ScheduleBook.Entry.FIRED, book.find(e.id()).orElseThrow().ended().orElseThrow().kind());
        }
    }

    @Test
    void aChangedClusterIsRefusedWithEveryDifferenceAndTheBookKeepsThem() throws Exception {
        ScheduleBook book = ScheduleBook.of(Journal.at(dir));
        try (ClusterConnection sim = sim()) {
            FailoverRequest asked = HandoverPlanner.request(sim.status(), "n2", MODE).orElseThrow();
            FailoverRequest olderTerm = new FailoverRequest(asked.oldPrimary(), asked.target(), asked.currentTerm() - 1,
                    asked.targetFrontierHint(), MODE);
            ScheduleBook.Entry e = ScheduledRun.write(book, Instant.now(), sim.name(), olderTerm);
            Firing.Refused refused = assertInstanceOf(Firing.Refused.class, fire(book, e, sim, olderTerm));
            assertEquals(List.of("n1 is primary under term 7 now, not 6"), refused.changed());
            ScheduleBook.Entry ended = book.find(e.id()).orElseThrow().ended().orElseThrow();
            assertEquals(ScheduleBook.Entry.REFUSED, ended.kind());
            assertEquals("n1 is primary under term 7 now, not 6", ended.note());
        }
    }

    @Test
    void oneCancelledMeanwhileIsNotRunAndNotReadAgain() throws Exception {
        ScheduleBook book = ScheduleBook.of(Journal.at(dir));
        try (ClusterConnection sim = sim()) {
            FailoverRequest req = HandoverPlanner.request(sim.status(), "n2", MODE).orElseThrow();
            ScheduleBook.Entry e = ScheduledRun.write(book, Instant.now(), sim.name(), req);
            book.end(e.id(), ScheduleBook.Entry.CANCELLED, "cancelled from a terminal");
            Firing.EndedElsewhere ended = assertInstanceOf(Firing.EndedElsewhere.class, fire(book, e, sim, req));
            assertEquals(ScheduleBook.Entry.CANCELLED, ended.ended().kind());
            assertEquals(1, book.load().stream().filter(s -> s.ended().isPresent()).count(), "no second end written");
        }
    }

    private static Firing fire(ScheduleBook book, ScheduleBook.Entry e, ClusterConnection sim, FailoverRequest req)
            throws Exception {
        return ScheduledRun.fire(book, e, sim, req, Preflight.DEFAULT_FREEZE_BUDGET, "the cluster as planned: running");
    }

    private static ClusterConnection sim() throws Exception {
        return new SimBackend().open("healthy", OpenOptions.virtualTime(1));
    }
}
