package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.JournalNames;
import dev.handover.journal.Requester;
import dev.handover.journal.ScheduleBook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled run, for the CLI's {@code run --at} and the console's Schedule alike: written in the schedule book, then
 * at its time checked against the cluster as it is then ({@link FiringCheck}) and ended in the book as fired or
 * refused. The waiting between the two is each caller's own (a blocking wait, a countdown on the FX thread).
 */
public final class ScheduledRun {
    private ScheduledRun() {
    }

    /** How a firing went. */
    public sealed interface Firing {
        /** The cluster is as planned: run on this reading of it. */
        record Fired(ClusterSnapshot now) implements Firing {
        }

        /** The cluster is not the one planned on: every difference, in words; nothing is run. */
        record Refused(List<String> changed) implements Firing {
        }

        /** Cancelled (or ended) from elsewhere before its time: nothing is run. */
        record EndedElsewhere(ScheduleBook.Entry ended) implements Firing {
        }
    }

    /** The run written in the book, to fire at {@code fireAt}, asked for by this workstation's operator. */
    public static ScheduleBook.Entry write(ScheduleBook book, Instant fireAt, String cluster, FailoverRequest req)
            throws IOException {
        return write(book, fireAt, cluster, req, Requester.here());
    }

    /** The run written in the book, to fire at {@code fireAt}, asked for by {@code who} (kept on the scheduled line). */
    public static ScheduleBook.Entry write(ScheduleBook book, Instant fireAt, String cluster, FailoverRequest req,
                                           Requester who) throws IOException {
        return book.schedule(fireAt, cluster, req.oldPrimary().id(), req.currentTerm(), req.target().id(),
                JournalNames.mode(req.mode()), who);
    }

    /**
     * The time has come: unless the book says it ended meanwhile, the cluster is read and the plan checked again (the
     * same primary under the same term, a target still a replica that answers, no failing preflight check or probe),
     * and the book records the firing or the refusal.
     *
     * @param firedNote what the book keeps of a firing ("the cluster as planned: running", and where)
     */
    public static Firing fire(ScheduleBook book, ScheduleBook.Entry entry, ClusterConnection cluster, FailoverRequest req,
                              Duration freezeBudget, String firedNote) throws IOException {
        Optional<ScheduleBook.Entry> ended = book.find(entry.id()).flatMap(ScheduleBook.Schedule::ended);
        if (ended.isPresent()) {
            return new Firing.EndedElsewhere(ended.get());
        }
        List<String> changed = new ArrayList<>();
        ClusterSnapshot now = null;
        try {
            now = cluster.status();
            changed.addAll(FiringCheck.changes(now, req, freezeBudget, cluster.planProbes()));
        } catch (Exception e) { // a cluster that cannot be read is a changed one: refused, nothing frozen
            changed.add("the cluster could not be read: " + e.getMessage());
        }
        if (!changed.isEmpty()) {
            book.end(entry.id(), ScheduleBook.Entry.REFUSED, String.join("; ", changed));
            return new Firing.Refused(List.copyOf(changed));
        }
        book.end(entry.id(), ScheduleBook.Entry.FIRED, firedNote);
        return new Firing.Fired(now);
    }
}
