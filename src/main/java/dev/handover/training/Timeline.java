package dev.handover.training;

import dev.handover.core.Durations;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A run's events as a short story: each stretch of polls folds into one line. */
final class Timeline {
    private Timeline() {
    }

    static List<TimelineEntry> of(RunReport record) {
        String primary = record.request().oldPrimary();
        String target = record.request().target();
        List<TimelineEntry> out = new ArrayList<>();
        List<RunReport.EventEntry> polls = new ArrayList<>();
        for (RunReport.EventEntry e : record.events()) {
            if ("polled".equals(e.type())) {
                polls.add(e);
                continue;
            }
            foldPolls(out, polls, target);
            out.add(new TimelineEntry(Duration.ofMillis(e.atMs()), describe(e, primary, target)));
        }
        foldPolls(out, polls, target);
        return out;
    }

    private static void foldPolls(List<TimelineEntry> out, List<RunReport.EventEntry> polls, String target) {
        if (polls.isEmpty()) {
            return;
        }
        RunReport.EventEntry last = polls.get(polls.size() - 1);
        long reached = orZero(last.reachedLsn());
        long frontier = orZero(last.frontierLsn());
        long shortBy = Math.max(0, frontier - reached);
        String count = polls.size() == 1 ? "1 poll" : polls.size() + " polls";
        out.add(new TimelineEntry(Duration.ofMillis(last.atMs()), count + "; " + target + " reached LSN " + reached + " of "
                + frontier + (shortBy == 0 ? " (caught up)" : " (" + shortBy + " LSN short)")));
        polls.clear();
    }

    private static String describe(RunReport.EventEntry e, String primary, String target) {
        return switch (e.type()) {
            case "frozen" -> "writes frozen on " + primary + " at frontier LSN " + e.frontierLsn();
            case "awaiting-approval" -> "deadline reached " + e.skippedLsn() + " LSN short; force prompt opened ("
                    + Durations.format(Duration.ofMillis(orZero(e.windowMs()))) + " to answer)";
            case "approval-decided" -> switch (String.valueOf(e.decision())) {
                case "approve" -> "force approved";
                case "decline" -> "force declined";
                default -> "force prompt lapsed unanswered";
            };
            case "resumed" -> "writes resumed on " + primary;
            case "committed" -> "term " + e.newTerm() + " committed: " + target + " promoted, " + primary + " demoted"
                    + (orZero(e.skippedLsn()) > 0 ? ", skipping " + e.skippedLsn() + " LSN" : "");
            case "aborted" -> "aborted (" + e.reason() + "): nothing committed";
            case "outcome-unknown" -> "commit failed part-way: outcome unknown";
            case "still-frozen" -> "resume failed: writes still frozen on " + primary;
            default -> e.type();
        };
    }

    static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
