package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.Requester;
import dev.handover.journal.ScheduleBook;
import dev.handover.run.ScheduledRun;
import dev.handover.run.ScheduledRun.Firing;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
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
                          Duration freezeBudget, Requester who, PrintStream out) throws BadInput {
        ScheduleBook book = ScheduleBook.of(journal);
        try {
            ScheduleBook.Entry scheduled = ScheduledRun.write(book, fireAt, cluster.name(), req, who);
            out.println("Scheduled as " + scheduled.id() + " for " + fireAt + " (in "
                    + Durations.format(Duration.between(Instant.now(), fireAt).withNanos(0)) + "); cancel with: handover cancel "
                    + scheduled.id() + " --journal " + journal.directory());
            out.flush();
            if (ScheduledStart.await(book, scheduled, out) == ScheduledStart.End.CANCELLED) {
                return new Held(Optional.empty(), ExitCode.ABORTED);
            }
            Firing firing = ScheduledRun.fire(book, scheduled, cluster, req, freezeBudget, "the cluster as planned: running");
            if (firing instanceof Firing.EndedElsewhere ended) { // cancelled in the instant between the wait and the firing
                out.println("Schedule " + scheduled.id() + " was " + ended.ended().kind() + " by " + ended.ended().operator()
                        + " before it fired: nothing was run.");
                return new Held(Optional.empty(), ExitCode.ABORTED);
            }
            if (firing instanceof Firing.Refused refused) {
                out.println("REFUSED at " + Instant.now() + ": the cluster is not the one planned on ("
                        + String.join("; ", refused.changed()) + "); nothing was frozen.");
                return new Held(Optional.empty(), ExitCode.NO_GO);
            }
            out.println("Firing " + scheduled.id() + " at " + Instant.now() + ": the cluster is as planned.");
            return new Held(Optional.of(((Firing.Fired) firing).now()), ExitCode.OK);
        } catch (IOException e) {
            throw new BadInput("run: cannot write the schedule book " + book.file() + " (" + IoText.why(e) + "); nothing was run");
        }
    }
}
