package dev.handover.cli;

import dev.handover.journal.JournalNames;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import dev.handover.run.FiringCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code run --at}: the schedule written, waited for ({@link ScheduledStart}), and the cluster checked again at firing. */
final class ScheduledFiring {
    private ScheduledFiring() {
    }

    /** A scheduled run's wait: the snapshot it fires on, or how it ended without firing. */
    record Held(Optional<ClusterSnapshot> fresh, ExitCode code) {
    }

    /**
     * {@code --at}: the run written in the schedule book, waited for (cancellable), then the cluster read and the plan
     * checked again at firing: the same primary under the same term, a target still a replica that answers, no
     * failing preflight check or probe. A changed cluster is refused (exit 6) with nothing frozen.
     */
    static Held holdUntil(Instant fireAt, Journal journal, ClusterConnection cluster, FailoverRequest req,
                                  Duration freezeBudget, PrintStream out) throws BadInput {
        ScheduleBook book = ScheduleBook.of(journal);
        try {
            ScheduleBook.Entry scheduled = book.schedule(fireAt, cluster.name(), req.oldPrimary().id(), req.currentTerm(),
                    req.target().id(), JournalNames.mode(req.mode()));
            out.println("Scheduled as " + scheduled.id() + " for " + fireAt + " (in "
                    + Durations.format(Duration.between(Instant.now(), fireAt).withNanos(0)) + "); cancel with: handover cancel "
                    + scheduled.id() + " --journal " + journal.directory());
            out.flush();
            if (ScheduledStart.await(book, scheduled, out) == ScheduledStart.End.CANCELLED) {
                return new Held(Optional.empty(), ExitCode.ABORTED);
            }
            List<String> changed = new ArrayList<>();
            ClusterSnapshot now;
            try {
                now = cluster.status();
                changed.addAll(FiringCheck.changes(now, req, freezeBudget, cluster.planProbes()));
            } catch (ClusterException | RuntimeException e) {
                now = null;
                changed.add("the cluster could not be read: " + e.getMessage());
            }
            if (!changed.isEmpty()) {
                String why = String.join("; ", changed);
                book.end(scheduled.id(), ScheduleBook.Entry.REFUSED, why);
                out.println("REFUSED at " + Instant.now() + ": the cluster is not the one planned on (" + why + "); nothing was frozen.");
                return new Held(Optional.empty(), ExitCode.NO_GO);
            }
            book.end(scheduled.id(), ScheduleBook.Entry.FIRED, "the cluster as planned: running");
            out.println("Firing " + scheduled.id() + " at " + Instant.now() + ": the cluster is as planned.");
            return new Held(Optional.of(now), ExitCode.OK);
        } catch (IOException e) {
            throw new BadInput("run: cannot write the schedule book " + book.file() + " (" + IoText.why(e) + "); nothing was run");
        }
    }

}
