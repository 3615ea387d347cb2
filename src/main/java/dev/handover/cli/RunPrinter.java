package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.RunReport;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A finished run in plain words: the timeline (polls folded into one line a stretch) and the outcome. */
final class RunPrinter {
    private RunPrinter() {
    }

    static void print(PrintStream out, ClusterConnection cluster, FailoverRequest req, List<HandoverEvent> events,
                      RunReport report) {
        String primary = req.oldPrimary().id();
        String target = req.target().id();
        List<HandoverEvent.Polled> polls = new ArrayList<>();
        for (HandoverEvent e : events) {
            if (e instanceof HandoverEvent.Polled p) {
                polls.add(p);
                continue;
            }
            flushPolls(out, polls, target);
            line(out, e.at(), describe(e, primary, target));
        }
        flushPolls(out, polls, target);

        RunReport.OutcomeInfo o = report.outcome();
        out.println();
        switch (o.result()) {
            case "committed" -> out.println("COMMITTED: " + target + " is the primary under term " + o.newTerm() + "; "
                    + primary + " now streams from it. Zero RPO: " + target + " reached the frontier LSN "
                    + o.frontierLsn() + " after " + Durations.format(Duration.ofMillis(o.waitedMs()))
                    + "; no acknowledged write lost.");
            case "forced" -> out.println("FORCED: " + target + " is the primary under term " + o.newTerm() + " at LSN "
                    + o.reachedLsn() + ", SKIPPING " + o.skippedLsn() + " LSN of acknowledged writes (frontier "
                    + o.frontierLsn() + "); " + primary + " now streams from " + target + ".");
            case "aborted" -> out.println("ABORTED (" + o.reason() + "): nothing committed, writes resumed on "
                    + primary + ". " + o.message());
            default -> out.println("OUTCOME UNKNOWN" + (o.writesFrozen() ? ", WRITES MAY STILL BE FROZEN" : "")
                    + ": " + o.message());
        }
        FreezeSpan frozen = FreezeSpan.of(events); // the figure the debrief and the console show too
        if (frozen instanceof FreezeSpan.Ended || frozen instanceof FreezeSpan.Lapsed) {
            out.println("Writes were frozen on " + primary + " for " + frozen.text() + ".");
        }
        if (report.invariants() != null) {
            RunReport.InvariantsInfo inv = report.invariants();
            String perTerm = inv.primariesPerTerm().entrySet().stream()
                    .map(en -> "term " + en.getKey() + ": " + en.getValue())
                    .collect(Collectors.joining(", "));
            out.println("Simulator check: " + inv.lostWrites() + " acknowledged writes lost; primaries per term ("
                    + perTerm + "); " + (inv.leftFrozen() ? "the primary is STILL FROZEN" : "the primary takes writes")
                    + "; " + (inv.violations().isEmpty() ? "no violations" : "VIOLATIONS: " + String.join("; ", inv.violations()))
                    + ".");
        }
    }

    private static void flushPolls(PrintStream out, List<HandoverEvent.Polled> polls, String target) {
        if (polls.isEmpty()) {
            return;
        }
        HandoverEvent.Polled last = polls.get(polls.size() - 1);
        long short_ = Math.max(0, last.frontierLsn() - last.reachedLsn());
        String count = polls.size() == 1 ? "1 poll" : polls.size() + " polls";
        line(out, last.at(), count + "; " + target + " reached LSN " + last.reachedLsn() + " of " + last.frontierLsn()
                + (short_ == 0 ? " (caught up)" : " (" + short_ + " LSN short)"));
        polls.clear();
    }

    private static String describe(HandoverEvent e, String primary, String target) {
        if (e instanceof HandoverEvent.Frozen f) {
            return "writes frozen on " + primary + " at frontier LSN " + f.frontierLsn();
        }
        if (e instanceof HandoverEvent.AwaitingApproval a) {
            return "deadline reached " + a.skippedLsn() + " LSN short; asking for approval to force";
        }
        if (e instanceof HandoverEvent.ApprovalDecided d) {
            return "force " + Map.of("APPROVE", "approved", "DECLINE", "declined", "LAPSED", "approval lapsed")
                    .get(d.decision().name());
        }
        if (e instanceof HandoverEvent.Resumed) {
            return "writes resumed on " + primary;
        }
        if (e instanceof HandoverEvent.Committed c) {
            return "term " + c.outcome().newTerm() + " committed: " + target + " promoted, " + primary + " demoted";
        }
        if (e instanceof HandoverEvent.Aborted a) {
            return "aborted: " + a.reason().description();
        }
        if (e instanceof HandoverEvent.OutcomeUnknown) {
            return "commit failed part-way: outcome unknown";
        }
        return "resume failed: writes still frozen on " + primary;
    }

    private static void line(PrintStream out, Duration at, String text) {
        String time = "+" + Durations.format(at);
        out.println("  " + time + " ".repeat(Math.max(1, 9 - time.length())) + text);
    }
}
