package dev.handover.cli;

import dev.handover.journal.JournalNames;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.RunLimits;
import dev.handover.journal.Journal;
import dev.handover.journal.PlanBook;
import dev.handover.journal.Secrets;
import dev.handover.journal.Requester;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan book from the command line: {@code plan} records what it checked ({@link #record}); {@code run --plan <id>}
 * reads it back ({@link #read}) and refuses flags that contradict it ({@link #contradictions}). Whether the cluster
 * is still the one planned on is {@link FiringCheck#sincePlan}'s.
 */
final class RecordedPlan {
    private RecordedPlan() {
    }

    /** The flags a plan fixes: given again with {@code run --plan}, they must say what the plan says. */
    static final List<String> FIXED = List.of("target", "mode", "deadline", "poll", "freeze-budget");

    /**
     * Records {@code plan}'s result and prints its id and how to run it; a book that cannot be written is said on
     * {@code err} and changes nothing else (the plan was still made and printed).
     */
    static void record(Journal journal, Requester who, String clusterName, String clusterFlag, FailoverRequest req, Duration poll,
                       Optional<Duration> freezeBudget, ClusterSnapshot before, List<PreflightCheck> preflight,
                       PlanPrinter.Verdict verdict, PrintStream out, PrintStream err) {
        PlanBook book = PlanBook.of(journal);
        PlanBook.Request asked = new PlanBook.Request(req.target().id(), JournalNames.mode(req.mode()),
                req.mode().deadline().toMillis(), poll.toMillis(), freezeBudget.map(Duration::toMillis).orElse(null),
                req.oldPrimary().id(), req.currentTerm());
        PlanBook.Snapshot seen = new PlanBook.Snapshot(req.oldPrimary().id(), req.currentTerm(), before.nodes().stream()
                .map(n -> new PlanBook.NodeFact(n.id(), n.isPrimary() ? "primary" : "replica", n.health().name())).toList());
        try {
            PlanBook.Plan p = book.record(who, clusterName, asked, seen, verdict.go(),
                    verdict.failed().stream().map(c -> c.title() + ": " + c.why()).toList(), checks(preflight),
                    checks(verdict.probes()));
            if (p.go()) {
                out.println("Plan " + p.id() + " recorded in " + book.file() + "; run it (within "
                        + PlanBook.MAX_AGE.toHours() + "h" + ", refused if the cluster has changed) with:");
                out.println("  handover run --plan " + p.id() + " --cluster " + clusterFlag + " --journal " + journal.directory());
            } else {
                out.println("Plan " + p.id() + " recorded in " + book.file() + " as no-go: it cannot be run; fix what failed"
                        + " and plan again.");
            }
        } catch (IOException e) {
            err.println("handover: plan: could not record the plan in " + book.file() + " (" + IoText.why(e)
                    + "); it cannot be run with --plan. Name a writable directory with --journal DIR");
        }
    }

    /**
     * The plan {@code id} in the book beside {@code journal}, if it can be run: known, on an intact line, a go, not
     * older than {@link PlanBook#MAX_AGE}. An id the book does not hold (or holds on a damaged line) is bad input;
     * a no-go or stale plan is a {@link NotAGo}.
     */
    static PlanBook.Plan read(Journal journal, String id) throws BadInput, NotAGo {
        PlanBook book = PlanBook.of(journal);
        PlanBook.Lookup found;
        try {
            found = book.find(id.strip());
        } catch (IOException e) {
            throw new BadInput("run: cannot read the plan book " + book.file() + " (" + IoText.why(e) + "); nothing was run");
        }
        if (found.plan().isEmpty()) {
            if (!found.damagedNamingId().isEmpty()) {
                throw new BadInput("run: --plan " + id + ": the plan's line is damaged (" + found.damagedNamingId().get(0).message()
                        + "); it cannot be run as recorded — plan again with handover plan");
            }
            throw new BadInput("run: --plan " + id + ": no such plan in " + book.file()
                    + (found.damaged().isEmpty() ? "" : " (" + found.damaged().size() + " damaged line(s) skipped, first "
                    + found.damaged().get(0).message() + ")")
                    + "; plans are recorded by handover plan with the same --journal");
        }
        PlanBook.Plan p = found.plan().get();
        if (!p.go()) {
            throw new NotAGo("plan " + p.id() + " was a no-go (" + String.join("; ", p.reasons())
                    + "); it cannot be run. Fix what failed and plan again");
        }
        Duration age = p.age(Instant.now());
        if (age.compareTo(PlanBook.MAX_AGE) > 0) {
            throw new NotAGo("plan " + p.id() + " was made " + ago(age) + " ago, at " + p.at()
                    + "; a plan runs within " + PlanBook.MAX_AGE.toHours() + "h" + " of being made. Plan again");
        }
        if (age.isNegative() && age.abs().compareTo(Duration.ofMinutes(5)) > 0) {
            throw new NotAGo("plan " + p.id() + " is dated " + p.at() + ", in the future; check this machine's clock and plan again");
        }
        return p;
    }

    /** A plan that will not be run: a no-go, or too old. Exit 6, nothing touched. */
    static final class NotAGo extends Exception {
        NotAGo(String message) {
            super(message);
        }
    }

    /** The plan of {@code clusterName}'s cluster, or bad input naming both. */
    static void sameCluster(PlanBook.Plan p, String clusterName) throws BadInput {
        if (!p.cluster().equals(Secrets.redact(clusterName))) {
            throw new BadInput("run: plan " + p.id() + " was made on " + p.cluster() + ", not " + Secrets.redact(clusterName)
                    + "; run it with --cluster naming that cluster, or plan this one");
        }
    }

    /** Every flag of {@link #FIXED} given with a value other than the plan's; one message for all. */
    static void contradictions(Args a, PlanBook.Plan p) throws BadInput {
        PlanBook.Request r = p.request();
        List<String> differ = new ArrayList<>();
        a.get("target").filter(t -> !t.equals(r.target())).ifPresent(t -> differ.add("--target " + t + " (the plan's is " + r.target() + ")"));
        a.get("mode").filter(m -> !m.equals(r.mode())).ifPresent(m -> differ.add("--mode " + m + " (the plan's is " + r.mode() + ")"));
        differ(a, "deadline", RunLimits.DEADLINE, Optional.of(r.deadlineMs()), differ);
        differ(a, "poll", RunLimits.POLL, Optional.of(r.pollMs()), differ);
        differ(a, "freeze-budget", RunLimits.FREEZE_BUDGET, Optional.ofNullable(r.freezeBudgetMs()), differ);
        // Why the plan was made is part of it: a run may add a reason or ticket the plan lacks, not swap one.
        said(a, "reason", p.reason(), differ);
        said(a, "ticket", p.ticket(), differ);
        if (!differ.isEmpty()) {
            throw new BadInput("run: " + String.join(", ", differ) + " contradict" + (differ.size() == 1 ? "s" : "")
                    + " plan " + p.id() + "; a plan runs as it was checked: leave " + (differ.size() == 1 ? "that flag" : "those flags")
                    + " out, or make a new plan; nothing was run");
        }
    }

    private static void said(Args a, String flag, String planned, List<String> differ) {
        a.get(flag).map(String::strip).filter(v -> planned != null && !Secrets.redact(v).equals(planned))
                .ifPresent(v -> differ.add("--" + flag + " \"" + v + "\" (the plan's is \"" + planned + "\")"));
    }

    private static void differ(Args a, String flag, Durations.Range range, Optional<Long> planned, List<String> differ)
            throws BadInput {
        Optional<Duration> given = a.duration(flag, range);
        if (given.isEmpty()) {
            return;
        }
        if (planned.isEmpty() || given.get().toMillis() != planned.get()) {
            differ.add("--" + flag + " " + a.get(flag).orElseThrow() + " (the plan's is "
                    + planned.map(ms -> Durations.format(Duration.ofMillis(ms))).orElse("the default") + ")");
        }
    }

    /** {@code 40s}, {@code 12m5s}, {@code 25h}, {@code 3h20m}: an age as a person reads it. */
    static String ago(Duration age) {
        Duration d = age.isNegative() ? Duration.ZERO : age.withNanos(0);
        if (d.toHours() == 0) {
            return Durations.format(d);
        }
        return d.toHours() + "h" + (d.toMinutesPart() == 0 ? "" : d.toMinutesPart() + "m");
    }

    private static List<PlanBook.Check> checks(List<PreflightCheck> cs) {
        return cs.stream().map(c -> new PlanBook.Check(c.title(), c.verdict().name(), c.why())).toList();
    }

    /** The line {@code run --plan} prints once the cluster has been found as planned. */
    static String asPlanned(PlanBook.Plan p) {
        return "Plan " + p.id() + " (made " + ago(p.age(Instant.now())) + " ago " + p.requester().byLine()
                + "): the cluster is as planned — primary " + p.snapshot().primary() + " under term " + p.snapshot().term()
                + ", " + p.snapshot().nodes().size() + " node(s) as healthy as then, no check or probe failing.";
    }
}
