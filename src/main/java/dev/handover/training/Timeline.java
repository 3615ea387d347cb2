package dev.handover.training;

import dev.handover.core.ForceDecision;
import dev.handover.journal.EventType;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.journal.EventEntry;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A run's events as a short story (positions as the run's cluster writes them): each stretch of polls folds into one line. */
final class Timeline {
    private Timeline() {
    }

    static List<TimelineEntry> of(RunReport record, Positions p) {
        String primary = record.request().oldPrimary();
        String target = record.request().target();
        List<TimelineEntry> out = new ArrayList<>();
        List<EventEntry> polls = new ArrayList<>();
        for (EventEntry e : record.events()) {
            if (e.kind() == EventType.POLLED) {
                polls.add(e);
                continue;
            }
            foldPolls(out, polls, target, p);
            out.add(new TimelineEntry(Duration.ofMillis(e.atMs()), describe(e, primary, target, p)));
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
        long reached = orZero(last.reachedLsn());
        long frontier = orZero(last.frontierLsn());
        long shortBy = Math.max(0, frontier - reached);
        // A recorded poll may stand for several readings (the journal thins them): count the readings.
        long readings = polls.stream().mapToLong(EventEntry::readingCount).sum();
        String count = readings == 1 ? "1 poll" : readings + " polls";
        out.add(new TimelineEntry(Duration.ofMillis(last.atMs()), count + "; " + target + " reached " + p.noun() + " " + p.position(reached)
                + " of " + p.position(frontier) + (shortBy == 0 ? " (caught up)" : " (" + p.amount(shortBy) + " short)")));
        polls.clear();
    }

    private static String describe(EventEntry e, String primary, String target, Positions p) {
        return switch (e.kind()) {
            case FROZEN -> "writes frozen on " + primary + " at frontier " + p.noun() + " " + p.position(orZero(e.frontierLsn()));
            case AWAITING_APPROVAL -> "deadline reached " + p.amount(orZero(e.skippedLsn())) + " short; force prompt opened ("
                    + Durations.format(Duration.ofMillis(orZero(e.windowMs()))) + " to answer)";
            case APPROVAL_DECIDED -> switch (e.forceDecision().orElse(ForceDecision.LAPSED)) {
                case APPROVE -> "force approved";
                case DECLINE -> "force declined";
                case LAPSED -> "force prompt lapsed unanswered";
            };
            case RESUMED -> "writes resumed on " + primary;
            case COMMIT_STEP -> "commit: " + e.message();
            case COMMITTED -> "term " + e.newTerm() + " committed: " + target + " promoted, " + primary + " demoted"
                    + (orZero(e.skippedLsn()) > 0 ? ", skipping " + p.amount(e.skippedLsn()) : "");
            case ABORTED -> "aborted (" + e.reason() + "): nothing committed";
            case OUTCOME_UNKNOWN -> "commit failed part-way: outcome unknown";
            case STILL_FROZEN -> "resume failed: writes still frozen on " + primary;
            case POLLED, STEP_DONE, STEP_FAILED, OTHER -> e.type();
        };
    }

    static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
