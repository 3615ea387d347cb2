package dev.handover.cli;

import dev.handover.core.AbortReason;
import dev.handover.journal.Result;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverMode;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.CheckInfo;
import dev.handover.journal.HookInfo;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.StepInfo;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A finished run in plain words: the timeline (polls folded into one line a stretch), what the backend
 * read back after a commit, and the outcome, which says a node streams from the new primary only where
 * the record holds that role (read back from the node on a real cluster).
 */
final class RunPrinter {
    /** Aborts whose recorded message carries the error that caused them; the others are said in full from the data. */
    private static final java.util.Set<AbortReason> ABORTED_BY_AN_ERROR = java.util.EnumSet.of(AbortReason.POLL_FAILED,
            AbortReason.LEASE_LOST, AbortReason.FREEZE_FAILED, AbortReason.COMMIT_WITHDRAWN);

    private RunPrinter() {
    }

    static void print(PrintStream out, ClusterConnection cluster, FailoverRequest req, List<HandoverEvent> events,
                      RunReport report) {
        timeline(out, req, events, cluster.positions());
        outcome(out, cluster, req, events, report);
    }

    /**
     * The preflight checklist, the console's own, and under a failing line the changes that would pass. The CLI
     * runs as asked (a script chose its flags); a coordinated run it would refuse in the console is said so.
     */
    static void preflight(PrintStream out, List<PreflightCheck> checks, Positions positions, FailoverMode mode) {
        out.println("  preflight:");
        for (PreflightCheck c : checks) {
            out.println("    " + String.format("%-5s", c.verdict().name()) + c.title() + ": " + c.why());
        }
        if (Preflight.blocksCoordinated(checks)) {
            List<dev.handover.cluster.Suggestion> wouldPass = wouldPass(checks);
            // No heading over an empty list: when nothing found passes, that is said instead.
            out.println("  PREFLIGHT FAILS" + (mode.isForce() ? " (Force hands over at the deadline regardless)"
                    : ": a coordinated run is likely to abort or keep writes frozen past the budget")
                    + (wouldPass.isEmpty() ? ". No change of deadline, target, budget or mode was found that passes."
                       : ". What would pass:"));
            wouldPass.forEach(sg -> out.println("    - " + sg.text(positions)));
        }
    }

    /** The changes that would pass, once each, in the order the failing lines give them; empty when none was found. */
    static List<dev.handover.cluster.Suggestion> wouldPass(List<PreflightCheck> checks) {
        return checks.stream().flatMap(c -> c.suggestions().stream()).distinct().toList();
    }

    /** The refusal's pointer to what would pass: true whether or not anything was found. */
    static String wouldPassPointer(List<PreflightCheck> checks) {
        return wouldPass(checks).isEmpty() ? "no change that would pass was found" : "what would pass is listed above";
    }

    /** The coordinator's events, as soon as the run is over (a verification may follow before the outcome). */
    static void timeline(PrintStream out, FailoverRequest req, List<HandoverEvent> events, Positions positions) {
        timeline(out, req, events, positions, Optional.empty());
    }

    /** The same, with what the force prompt was asked (its loss as the console's dialog states it), when one was. */
    static void timeline(PrintStream out, FailoverRequest req, List<HandoverEvent> events, Positions positions,
                         Optional<ForceLoss> asked) {
        LiveTimeline t = new LiveTimeline(out, req, positions, () -> asked);
        events.forEach(t::on);
        t.finish();
    }

    /** What the backend read back (when it did) and the outcome, from the report as recorded. */
    static void outcome(PrintStream out, ClusterConnection cluster, FailoverRequest req, List<HandoverEvent> events,
                        RunReport report) {
        outcome(out, cluster, req, events, report, Preflight.DEFAULT_FREEZE_BUDGET);
    }

    /** The same, a freeze longer than {@code freezeBudget} said in the outcome line. */
    static void outcome(PrintStream out, ClusterConnection cluster, FailoverRequest req, List<HandoverEvent> events,
                        RunReport report, Duration freezeBudget) {
        outcome(out, cluster, req, events, report, freezeBudget, java.util.Set.of());
    }

    /**
     * The same, leaving out of the commit's recorded steps those the run's timeline already said as they were
     * taken ({@code stepsSaid}, by their words): each step once, on the timeline's clock.
     */
    static void outcome(PrintStream out, ClusterConnection cluster, FailoverRequest req, List<HandoverEvent> events,
                        RunReport report, Duration freezeBudget, java.util.Set<String> stepsSaid) {
        String primary = req.oldPrimary().id();
        String target = req.target().id();
        Positions p = cluster.positions();
        report.verified().ifPresent(v -> verificationLines(v, stepsSaid).forEach(out::println));

        OutcomeInfo o = report.outcome();
        out.println();
        String degraded = o.degraded() ? ", TOPOLOGY DEGRADED" : "";
        FreezeSpan frozen = FreezeSpan.of(events); // the figure the debrief and the console show too
        Optional<Duration> overBudget = frozen.length().filter(d -> d.compareTo(freezeBudget) > 0);
        String budget = overBudget.map(d -> ", WRITES FROZEN " + frozen.text() + " (BUDGET " + Durations.format(freezeBudget)
                + ")").orElse("");
        switch (o.result()) {
            case COMMITTED -> out.println("COMMITTED" + degraded + budget + ": " + handedTo(report) + followers(report)
                    + " Zero RPO: " + target + " reached the frontier " + p.noun() + " " + p.position(o.frontierLsn()) + " after "
                    + Durations.format(Duration.ofMillis(o.waitedMs())) + "; no acknowledged write lost.");
            case FORCED -> out.println("FORCED, ACKNOWLEDGED WRITES LOST" + degraded + ": " + handedTo(report) + " at " + p.noun() + " " + p.position(o.reachedLsn())
                    + ", SKIPPING " + p.amount(o.skippedLsn()) + " of acknowledged writes (frontier "
                    + p.position(o.frontierLsn()) + ")"
                    + followers(report));
            // A failed freeze froze nothing, so nothing was resumed either (the primary may be the thing that failed).
            case ABORTED -> out.println("ABORTED (" + o.reason() + "): nothing committed, "
                    + (o.abortReason().filter(r -> r == AbortReason.FREEZE_FAILED).isPresent() ? "nothing frozen on " : "writes resumed on ") + primary
                    + (o.frontierLsn() <= 0 ? "" : "; " + target + " reached " + p.noun() + " " + p.position(o.reachedLsn())
                       + " of the frontier " + p.position(o.frontierLsn()) + (o.skippedLsn() <= 0 ? ""
                       : " (" + p.amount(o.skippedLsn()) + " short)"))
                    + "." + (o.abortReason().filter(ABORTED_BY_AN_ERROR::contains).isPresent() ? " " + o.message() : ""));
            case UNKNOWN, UNFINISHED -> out.println("OUTCOME UNKNOWN" + (o.writesFrozen() ? ", WRITES MAY STILL BE FROZEN" : "")
                    + ": " + o.message());
        }
        // The record's loss figure, typed: counted, a range with its basis, or unknown (never a 0 for an unknown outcome).
        report.lost().filter(l -> !l.none() || o.result() == Result.FORCED)
                .ifPresent(l -> out.println("Lost: " + l.lostTransactions().text()));
        if (o.degraded()) {
            VerificationInfo v = report.verified().orElseThrow();
            out.println("The cluster is NOT fully replicated: " + (v.remaining().isEmpty() ? ""
                    : "take the " + v.remaining().size() + " remaining step(s) listed above, then ")
                    + "check that every node streams from " + target + " (`handover status --cluster " + cluster.name()
                    + "`).");
        }
        Optional<VerificationInfo> stall = report.verified().filter(v -> v.clientStallMs() != null);
        String clients = stall.map(v -> "; " + v.clientStall().orElseThrow().text()).orElse("");
        if (frozen instanceof FreezeSpan.Ended || frozen instanceof FreezeSpan.Lapsed) {
            out.println("Writes were frozen on " + primary + " for " + frozen.text()
                    + overBudget.map(d -> ", over the freeze budget of " + Durations.format(freezeBudget)).orElse("") + clients + ".");
        } else if (!clients.isEmpty()) {
            out.println(capitalised(clients.substring(2)) + ".");
        }
        stall.map(VerificationInfo::failedClientRequests).ifPresent(f -> out.println(capitalised(f) + "."));
        if (report.invariants() != null) {
            RunReport.InvariantsInfo inv = report.invariants();
            String perTerm = inv.primariesPerTerm().entrySet().stream()
                    .map(en -> "term " + en.getKey() + ": " + en.getValue())
                    .collect(Collectors.joining(", "));
            out.println("Simulator check: " + Positions.grouped(inv.lostWrites()) + " acknowledged writes lost; primaries per term ("
                    + perTerm + "); " + (inv.leftFrozen() ? "the primary is STILL FROZEN" : "the primary takes writes")
                    + "; " + (inv.violations().isEmpty() ? "no violations" : "VIOLATIONS: " + String.join("; ", inv.violations()))
                    + ".");
        }
    }

    /**
     * What the backend read back after the commit, as the journal holds it: the commit's steps with
     * their times, the steps left by hand, every check.
     */
    static List<String> verificationLines(VerificationInfo v) {
        return verificationLines(v, java.util.Set.of());
    }

    /**
     * The same, without the steps already said on the run's timeline. Those left (a step the backend took outside
     * the commit's live report, a note added after it) are said without a time: the record's times count from the
     * commit's start, another clock than the timeline's.
     */
    static List<String> verificationLines(VerificationInfo v, java.util.Set<String> stepsSaid) {
        List<String> out = new ArrayList<>();
        if (stepsSaid.isEmpty() && !v.steps().isEmpty()) {
            out.add("Commit steps:");
            v.steps().forEach(s -> out.add("  " + (s.atMs() == null ? "" : stamp(s.atMs()) + " ") + s.text()));
        } else {
            List<String> more = v.steps().stream().map(StepInfo::text)
                    .filter(t -> stepsSaid.stream().noneMatch(said -> said.equals(t)
                            || dev.handover.journal.Secrets.redact(said).equals(t))) // the record holds them redacted
                    .toList();
            if (!more.isEmpty()) {
                out.add("Also recorded for the commit:");
                more.forEach(t -> out.add("  " + t));
            }
        }
        if (!v.remaining().isEmpty()) {
            out.add("REMAINING STEPS, by hand:");
            for (int i = 0; i < v.remaining().size(); i++) {
                out.add("  " + (i + 1) + ". " + v.remaining().get(i));
            }
        }
        long failed = v.checks().stream().filter(CheckInfo::degrades).count();
        out.add("Verification:" + (failed == 0 ? " all checks hold"
                : " SOME CHECKS FAILED (" + failed + " of " + v.checks().size() + "): topology degraded"));
        for (CheckInfo c : v.checks()) {
            String mark = c.ok() ? "ok      " : c.degrades() ? "FAILED  " : "note    ";
            out.add("  " + mark + c.what() + (c.seen() == null || c.seen().isEmpty() ? "" : " (" + c.seen() + ")"));
        }
        return out;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code +0.071s}: a commit step's time since the commit began. */
    private static String stamp(long ms) {
        return String.format(java.util.Locale.ROOT, "+%d.%03ds", ms / 1000, ms % 1000);
    }

    /** "pg2 is the primary under term 2", or, where verified and not seen so, what was seen instead. */
    private static String handedTo(RunReport report) {
        OutcomeInfo o = report.outcome();
        String target = report.request().target();
        if (report.verified().isEmpty()) {
            return target + " is the primary under term " + o.newTerm();
        }
        Optional<RunReport.RoleInfo> seen = role(report, target);
        if (seen.isPresent() && seen.get().role().equals("primary") && seen.get().term() == o.newTerm()) {
            return target + " is the primary under term " + o.newTerm();
        }
        return target + " was promoted for term " + o.newTerm() + " but was NOT seen as primary on it ("
                + seen.map(RunPrinter::describe).orElse("its role could not be read") + ")";
    }

    /**
     * {@code "; n1, n3 now stream from it (seen)."}: which nodes stream from the target, from the roles as recorded (read back from the nodes where the
     * topology was verified; the simulator's own state otherwise); and, loudly, which do not.
     */
    private static String followers(RunReport report) {
        String target = report.request().target();
        String targetAddr = report.request().targetAddr();
        long term = report.outcome().newTerm() == null ? -1 : report.outcome().newTerm();
        List<RunReport.RoleInfo> others = report.outcome().roles().stream().filter(r -> !r.node().equals(target)).toList();
        if (others.isEmpty()) {
            return report.verified().isPresent() ? ". The nodes' roles could not be read back: check them with "
                    + "`handover status`." : ".";
        }
        List<String> streaming = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (RunReport.RoleInfo r : others) {
            if (r.role().equals("replica") && targetAddr.equals(r.primaryAddr()) && r.term() == term) {
                streaming.add(r.node());
            } else {
                not.add(r.node() + " (" + describe(r) + ")");
            }
        }
        String out = "";
        if (!streaming.isEmpty()) {
            out += "; " + String.join(", ", streaming) + (streaming.size() == 1 ? " now streams" : " now stream")
                    + " from it" + (report.verified().isPresent() ? " (seen)" : "") + ".";
        }
        if (!not.isEmpty()) {
            out += (streaming.isEmpty() ? "; " : " ") + "NOT streaming from it: " + String.join(", ", not) + ".";
        }
        return out;
    }

    private static Optional<RunReport.RoleInfo> role(RunReport report, String node) {
        return report.outcome().roles().stream().filter(r -> r.node().equals(node)).findFirst();
    }

    /** A recorded role in a few words: {@code primary on term 1, writes frozen (...)}. */
    private static String describe(RunReport.RoleInfo r) {
        String role = r.role().equals("unreachable") ? "unreachable" : r.role() + " on term " + r.term();
        return r.seen() == null || r.seen().isEmpty() ? role
                : r.role().equals("unreachable") ? r.seen() : role + ", " + r.seen();
    }

    static void line(PrintStream out, Duration at, String text) {
        String time = "+" + Durations.format(at);
        out.println("  " + time + " ".repeat(Math.max(1, 9 - time.length())) + text);
    }

    /** The operator hooks a run called: each with its phase, result and time, then the last lines it printed. */
    static void hooks(PrintStream out, List<HookInfo> called) {
        for (HookInfo h : called) {
            String result = h.ok() ? "ok" : h.timedOut() ? "TIMED OUT" : "FAILED";
            String status = h.exit() == null ? "" : (h.webhook() ? "HTTP " : "exit ") + h.exit() + ", ";
            out.println("  hook " + h.phase() + " " + result + ": " + h.what() + " (" + status + h.tookMs() + " ms)");
            List<String> lines = h.output().lines().filter(l -> !l.isBlank()).toList();
            lines.subList(Math.max(0, lines.size() - HOOK_LINES), lines.size()).forEach(l -> out.println("    | " + l));
        }
    }

    /** How many of a hook's last output lines the run prints; the journal keeps more. */
    static final int HOOK_LINES = 3;
}
