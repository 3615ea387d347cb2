package dev.handover.training;

import dev.handover.journal.EventType;
import dev.handover.cluster.Positions;
import dev.handover.journal.EventEntry;
import dev.handover.journal.EventWords;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A run's events as a short story (positions as the run's cluster writes them): each stretch of polls folds into one line. */
final class Timeline {
    private Timeline() {
    }

    static List<TimelineEntry> of(RunReport record, Positions p) {
        String target = record.request().target();
        List<TimelineEntry> out = new ArrayList<>();
        List<EventEntry> polls = new ArrayList<>();
        for (EventEntry e : record.events()) {
            if (e.kind() == EventType.POLLED) {
                polls.add(e);
                continue;
            }
            foldPolls(out, polls, target, p);
            // A backend's step, or an entry this build cannot read back, by its recorded name.
            out.add(new TimelineEntry(Duration.ofMillis(e.atMs()), EventWords.of(e, record.request(), p).orElse(e.type())));
        }
        foldPolls(out, polls, target, p);
        // The faults that hit the run (a simulation's), at their time; at equal times the run's step first.
        for (RunReport.FaultInfo f : record.faults()) {
            out.add(new TimelineEntry(Duration.ofMillis(f.atMs()), f.what()));
        }
        out.sort(java.util.Comparator.comparing(TimelineEntry::at));
        return out;
    }

    private static void foldPolls(List<TimelineEntry> out, List<EventEntry> polls, String target, Positions p) {
        if (polls.isEmpty()) {
            return;
        }
        EventEntry last = polls.get(polls.size() - 1);
        // A recorded poll may stand for several readings (the journal thins them): count the readings.
        long readings = polls.stream().mapToLong(EventEntry::readingCount).sum();
        out.add(new TimelineEntry(Duration.ofMillis(last.atMs()), EventWords.polls(readings, target,
                orZero(last.reachedLsn()), orZero(last.frontierLsn()), p)));
        polls.clear();
    }

    static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
