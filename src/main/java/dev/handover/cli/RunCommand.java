package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.RunHooks;
import dev.handover.core.RunLimits;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.PlanBook;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.RunReport;
import dev.handover.journal.ScheduleBook;
import dev.handover.run.FiringCheck;
import dev.handover.run.CompletedRun;
import dev.handover.run.FinishedRun;
import dev.handover.run.JournalEntry;
import dev.handover.run.PreparedRun;
import dev.handover.run.RunEnd;
import dev.handover.run.RunRefused;
import dev.handover.run.RunService;
import dev.handover.run.RunVetoed;
import dev.handover.run.HooksFile;
import dev.handover.run.HookSet;
import dev.handover.run.RunSpec;
import dev.handover.training.Debrief;
import dev.handover.training.DebriefText;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code run}: one switchover, on a simulated cluster (in virtual time) or a real one. Every flag is checked
 * and the cluster opened before anything is frozen, so bad input never leaves a half-started run. The run
 * itself goes through the {@link RunService}, as the console's does; this command keeps the flags, the
 * printing, the exit code and {@code --report}.
 */
final class RunCommand {
    static final long DEFAULT_SEED = 1;
    static final Duration DEFAULT_POLL = Duration.ofMillis(100);
    /** The scripted approval answers at once; the window only bounds a prompt that never answers. */
    static final Duration APPROVAL_WINDOW = Duration.ofSeconds(30);

    private RunCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal) throws BadInput {
        return run("run", argv, out, err, defaultJournal);
    }

    /**
     * {@code plan}: the same command line, checked to the end and probed, the steps printed, the plan recorded in the
     * plan book for {@code run --plan <id>}; nothing frozen. Exit 0 go, 6 no-go.
     */
    static ExitCode plan(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal) throws BadInput {
        return run("plan", argv, out, err, defaultJournal);
    }

    private static ExitCode run(String verb, List<String> argv, PrintStream out, PrintStream err, Path defaultJournal)
            throws BadInput {
        Args a = Args.parse(verb, argv,
                Set.of("cluster", "target", "mode", "deadline", "poll", "force-approval", "seed", "report", "journal",
                        "expect-primary", "expect-term", "freeze-budget", "hooks", "at", "plan"));
        ClusterSpec spec = ClusterSpec.parse(a.required("cluster"));
        Optional<PlanBook.Plan> recorded;
        try {
            recorded = recordedPlan(verb, a, defaultJournal);
        } catch (RecordedPlan.NotAGo no) {
            out.println("REFUSED: " + no.getMessage() + "; nothing was frozen.");
            return ExitCode.NO_GO;
        }
        String targetId;
        String modeName;
        Duration deadline;
        Duration poll;
        boolean budgetGiven;
        Duration freezeBudget;
        if (recorded.isPresent()) { // the plan's, every flag that says otherwise refused above
            PlanBook.Request asked = recorded.get().request();
            targetId = asked.target();
            modeName = asked.mode();
            deadline = Duration.ofMillis(asked.deadlineMs());
            poll = Duration.ofMillis(asked.pollMs());
            budgetGiven = asked.freezeBudgetMs() != null;
            freezeBudget = budgetGiven ? Duration.ofMillis(asked.freezeBudgetMs()) : Preflight.DEFAULT_FREEZE_BUDGET;
        } else {
            targetId = a.required("target");
            a.required("mode");
            modeName = a.choice("mode", List.of("coordinated", "force")).orElseThrow();
            if (a.get("deadline").isEmpty()) {
                a.required("deadline"); // "missing --deadline"; an empty one is the parser's to word, as in the console
            }
            // The console's form reads the same fields with the same rule and range.
            deadline = a.duration("deadline", RunLimits.DEADLINE).orElseThrow();
            poll = a.duration("poll", RunLimits.POLL).orElse(DEFAULT_POLL);
            budgetGiven = a.get("freeze-budget").isPresent();
            freezeBudget = a.duration("freeze-budget", RunLimits.FREEZE_BUDGET).orElse(Preflight.DEFAULT_FREEZE_BUDGET);
        }
        Optional<String> approval = a.choice("force-approval", List.of("approve", "decline"));
        if (approval.isPresent() && !modeName.equals("force")) {
            throw new BadInput(verb + ": --force-approval applies only to --mode force");
        }
        Optional<String> expectPrimary = a.get("expect-primary");
        Optional<Long> expectTerm = a.longValue("expect-term");
        long seed = a.longValue("seed").orElse(DEFAULT_SEED);
        Optional<Path> reportFile = reportFile(verb, a.get("report"));
        Journal journal = JournalOption.open(verb, a.get("journal"), defaultJournal);
        HookSet operatorHooks = hooks(verb, a.get("hooks"));
        if (a.get("at").isPresent() && !verb.equals("run")) {
            throw new BadInput(verb + ": --at schedules a run; a plan is made now");
        }
        Optional<Instant> fireAt = a.get("at").isPresent()
                ? Optional.of(FireTime.parse(verb, a.get("at").get(), java.time.Clock.systemDefaultZone())) : Optional.empty();
        FailoverMode mode = modeName.equals("force") ? new FailoverMode.Force(deadline) : new FailoverMode.Coordinated(deadline);

        try (ClusterConnection cluster = Clusters.open(spec, seed)) {
            FailoverRequest req;
            ClusterSnapshot before;
            List<PreflightCheck> checks;
            try {
                before = cluster.status();
                if (recorded.isPresent()) {
                    PlanBook.Plan p = recorded.get();
                    RecordedPlan.sameCluster(p, cluster.name());
                    List<String> changed;
                    try {
                        changed = FiringCheck.sincePlan(p, before, mode, freezeBudget, cluster.planProbes());
                    } catch (RuntimeException e) {
                        changed = List.of("the cluster could not be probed: " + message(e));
                    }
                    if (!changed.isEmpty()) {
                        out.println("REFUSED: the cluster is not the one plan " + p.id() + " was made on ("
                                + String.join("; ", changed) + "); nothing was frozen. Plan again: handover plan.");
                        return ExitCode.NO_GO;
                    }
                    out.println(RecordedPlan.asPlanned(p));
                }
                NodeStatus target = before.node(targetId).orElseThrow(() -> new BadInput(verb + ": --target " + targetId
                        + ": no such node in " + cluster.name() + " (nodes: " + ids(before) + ")"));
                NodeStatus primary = before.primary().orElseThrow(() -> new BadInput(verb + ": " + cluster.name()
                        + " has no primary to hand over from" + unreachable(before) + "; nothing was frozen"));
                if (target.isPrimary()) {
                    throw new BadInput(verb + ": --target " + targetId + " is the current primary; pick a replica ("
                            + String.join(", ", before.replicas().stream().map(NodeStatus::id).toList()) + ")");
                }
                expected(verb, expectPrimary, expectTerm, primary);
                req = new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(), mode);
                Optional<String> pollTooLong = PollRule.problem("--poll", poll, cluster.freezeLease());
                if (pollTooLong.isPresent()) {
                    throw new BadInput(verb + ": " + pollTooLong.get() + "; nothing was frozen");
                }
                out.println((verb.equals("plan") ? "Plan of a handover on " : "Handover on ") + cluster.name() + (spec.simulated() ? " (seed " + seed + ", virtual time)" : "")
                        + ": " + primary.id() + " -> " + target.id() + ", " + modeName + ", deadline "
                        + Durations.format(deadline) + ", poll " + Durations.format(poll)
                        + approval.map(d -> ", force approval: " + d).orElse(""));
                Positions at = before.positions();
                String targetSeen = target.readings().map(r -> " durable at " + at.noun() + " " + at.position(r.durableLsn()) + " ("
                        + at.amount(r.lagLsn()) + " behind").orElse(" position unknown (did not answer");
                out.println("  before: " + primary.id() + " primary under term " + primary.role().term() + " at " + at.noun() + " "
                        + at.position(primary.lsn()) + "; " + target.id() + targetSeen
                        + (target.detail().isEmpty() ? "" : ", " + target.detail()) + ")");
                checks = new Preflight().check(before, targetId, mode, freezeBudget);
                RunPrinter.preflight(out, checks, at, mode);
                Optional<PreflightCheck> overBudget = checks.stream()
                        .filter(c -> c.title().equals(Preflight.FREEZE) && c.failed()).findFirst();
                if (budgetGiven && overBudget.isPresent() && !verb.equals("plan")) { // a plan reports it as a no-go
                    // A budget the operator named is a limit, not advice (the default one only warns in print).
                    throw new BadInput(verb + ": " + Preflight.FREEZE.toLowerCase(java.util.Locale.ROOT) + " "
                            + overBudget.get().why() + ", and --freeze-budget " + Durations.format(freezeBudget)
                            + " was given as a limit; nothing was frozen (what would pass is listed above)");
                }
            } catch (ClusterException | IllegalArgumentException e) {
                throw new BadInput(verb + ": " + e.getMessage());
            }
            if (verb.equals("plan")) {
                PlanPrinter.Verdict verdict = PlanPrinter.probeAndPrint(out, cluster, req, before, checks, operatorHooks);
                RecordedPlan.record(journal, cluster.name(), a.required("cluster"), req, poll,
                        budgetGiven ? Optional.of(freezeBudget) : Optional.empty(), before, checks, verdict, out, err);
                return verdict.code();
            }

            ClusterSnapshot planned = before;
            if (fireAt.isPresent()) {
                Held held = holdUntil(fireAt.get(), journal, cluster, req, freezeBudget, out);
                if (held.fresh().isEmpty()) {
                    return held.code();
                }
                planned = held.fresh().get();
            }
            noteJournal(journal, out, err);
            PreparedRun prepared;
            try {
                prepared = prepare(new RunSpec(cluster, planned, req, poll, approval,
                        Optional.of(recorded.map(p -> journal.forPlan(p.id())).orElse(journal)), operatorHooks), journal);
            } catch (RunVetoed vetoed) {
                RunPrinter.hooks(out, vetoed.hooks());
                out.println("VETOED" + vetoed.getMessage().replaceFirst("^vetoed", "") + ".");
                vetoed.journal().ifPresent(j -> out.println("Recorded as run " + j.runId() + " in " + j.file()));
                return ExitCode.ABORTED;
            }
            RunPrinter.hooks(out, prepared.hooksCalled());
            RunHooks hooks = RunHooks.none();
            AtomicReference<ForceLoss> prompted = new AtomicReference<>();
            if (approval.isPresent()) {
                ForceDecision decision = approval.get().equals("approve") ? ForceDecision.APPROVE : ForceDecision.DECLINE;
                hooks = hooks.withApproval(new AssessedApproval(ForceApproval.always(decision, APPROVAL_WINDOW), cluster,
                        prepared::assess, prompted::set));
            }
            try (InterruptGuard guard = new InterruptGuard(hooks.cancellation(), req.oldPrimary().id(), err)) {
                CompletedRun ran = prepared.run(hooks);

                RunPrinter.timeline(out, req, ran.events(), cluster.positions(), Optional.ofNullable(prompted.get()));
                if (ran.end() instanceof RunEnd.Broken broken) {
                    err.println("handover: the run failed unexpectedly (" + message(broken.failure()) + "); verify which node is "
                            + "primary and under which term, and whether writes are frozen on " + req.oldPrimary().id());
                }
                if (ran.verifies()) {
                    out.println("Verifying the new topology (standbys may take a moment to follow)...");
                }
                // Verified before the record closes, so the journal and --report hold the topology as seen.
                FinishedRun finished = ran.finish();
                JournalEntry entry = finished.journal().orElseThrow(); // the CLI always records in a journal
                entry.endFailure().ifPresent(e -> err.println("handover: the journal " + entry.file()
                        + " could not record the end of run " + entry.runId() + " (" + IoText.why(e)
                        + "); it will read as unfinished there"));
                entry.trouble().ifPresent(f -> err.println("handover: " + f));
                RunReport report = finished.report();
                RunPrinter.outcome(out, cluster, req, finished.events(), report, freezeBudget);
                RunPrinter.hooks(out, report.hooks().subList(prepared.hooksCalled().size(), report.hooks().size()));
                if (spec.simulated()) {
                    out.println();
                    DebriefText.lines(Debrief.of(report, cluster.positions())).forEach(out::println);
                }
                out.println("Recorded as run " + entry.runId() + " in " + journal.file());
                reportFile.ifPresent(file -> {
                    try {
                        writeReport(report, file);
                        out.println("Report written to " + file);
                    } catch (IOException e) {
                        err.println("handover: could not write the report to " + file + " (" + IoText.why(e)
                                + "); the journal holds it: handover history --journal " + journal.directory() + " --export "
                                + entry.runId() + " <file>");
                    }
                });
                ExitCode code = exitCode(report.outcome());
                if (code == ExitCode.DEGRADED) {
                    out.println("Exit " + code.code() + ": committed, topology degraded; `handover recover --journal "
                            + journal.directory() + "` lists this run until the steps are done and it is acknowledged.");
                }
                guard.ended(code);
                return code;
            }
        }
    }

    /** {@code run --plan <id>}: the recorded plan, when it can be run and no flag contradicts it; empty without the flag. */
    private static Optional<PlanBook.Plan> recordedPlan(String verb, Args a, Path defaultJournal)
            throws BadInput, RecordedPlan.NotAGo {
        if (a.get("plan").isEmpty()) {
            return Optional.empty();
        }
        if (verb.equals("plan")) {
            throw new BadInput("plan: --plan runs a recorded plan: handover run --plan <id> --cluster ...");
        }
        PlanBook.Plan p = RecordedPlan.read(JournalOption.open(verb, a.get("journal"), defaultJournal), a.required("plan"));
        RecordedPlan.contradictions(a, p);
        return Optional.of(p);
    }

    /**
     * The run's transport and record, or its refusal in the CLI's words: the cluster's reason as it gave it,
     * a journal that cannot be written with the flag that names another.
     */
    private static PreparedRun prepare(RunSpec run, Journal journal) throws BadInput, RunVetoed {
        try {
            return RunService.prepare(run);
        } catch (RunRefused r) {
            throw switch (r.reason()) {
                case CLUSTER -> new BadInput("run: " + r.getMessage());
                case JOURNAL -> new BadInput("run: cannot write the journal " + journal.file() + " ("
                        + (r.cause() instanceof IOException io ? IoText.why(io) : r.getMessage())
                        + "); nothing was run. Name a writable directory with --journal DIR");
            };
        }
    }

    /** A scheduled run's wait: the snapshot it fires on, or how it ended without firing. */
    private record Held(Optional<ClusterSnapshot> fresh, ExitCode code) {
    }

    /**
     * {@code --at}: the run written in the schedule book, waited for (cancellable), then the cluster read and the plan
     * checked again at firing: the same primary under the same term, a target still a replica that answers, no
     * failing preflight check or probe. A changed cluster is refused (exit 6) with nothing frozen.
     */
    private static Held holdUntil(Instant fireAt, Journal journal, ClusterConnection cluster, FailoverRequest req,
                                  Duration freezeBudget, PrintStream out) throws BadInput {
        ScheduleBook book = ScheduleBook.of(journal);
        try {
            ScheduleBook.Entry scheduled = book.schedule(fireAt, cluster.name(), req.oldPrimary().id(), req.currentTerm(),
                    req.target().id(), req.mode().isForce() ? "force" : "coordinated");
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

    /** {@code --hooks FILE}: the operator's commands and webhooks around the run, read before anything is touched. */
    private static HookSet hooks(String verb, Optional<String> file) throws BadInput {
        if (file.isEmpty()) {
            return HookSet.NONE;
        }
        try {
            return HooksFile.read(Path.of(file.get()));
        } catch (ClusterException e) {
            throw new BadInput(verb + ": --hooks " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new BadInput(verb + ": --hooks \"" + file.get() + "\" is not a valid path");
        }
    }

    /** {@code --expect-primary} / {@code --expect-term}: a script's idea of the primary, refused when the cluster differs. */
    private static void expected(String verb, Optional<String> node, Optional<Long> term, NodeStatus primary) throws BadInput {
        if (node.isPresent() && !node.get().equals(primary.id())) {
            throw new BadInput(verb + ": the primary is " + primary.id() + " (term " + primary.role().term() + "), not "
                    + node.get() + " as --expect-primary says; nothing was frozen");
        }
        if (term.isPresent() && term.get() != primary.role().term()) {
            throw new BadInput(verb + ": " + primary.id() + " is primary under term " + primary.role().term() + ", not term "
                    + term.get() + " as --expect-term says; nothing was frozen");
        }
    }

    /** What the journal already holds that a person should know before another run; a journal that cannot be read stops it. */
    private static void noteJournal(Journal journal, PrintStream out, PrintStream err) throws BadInput {
        try {
            JournalContents contents = journal.load();
            if (!contents.damaged().isEmpty()) {
                // Lines are never rewritten, so damage is reported rather than refused: it would block every run.
                err.println("handover: note: the journal has " + contents.damaged().size() + " damaged line(s), skipped; first "
                        + contents.damaged().get(0).message() + " (`handover history` lists them)");
            }
            long needAction = journal.pendingRecoveries().stream().filter(r -> r.action() != RecoveryAction.NONE).count();
            if (needAction > 0) {
                out.println("Note: the journal holds " + needAction + " earlier run(s) that may have left writes frozen, "
                        + "roles to verify or a degraded topology; see `handover recover --journal " + journal.directory() + "`.");
            }
        } catch (IOException e) {
            throw new BadInput("run: cannot write the journal " + journal.file() + " (" + IoText.why(e)
                    + "); nothing was run. Name a writable directory with --journal DIR");
        }
    }

    /**
     * The exit code of a finished run: unknown (4) before a degraded topology (5) before a forced handover
     * (3) before an abort (2) before a clean one (0).
     */
    static ExitCode exitCode(RunReport.OutcomeInfo outcome) {
        if (outcome.degraded()) {
            return ExitCode.DEGRADED;
        }
        return switch (outcome.result()) {
            case "committed" -> ExitCode.OK;
            case "forced" -> ExitCode.FORCED;
            case "aborted" -> ExitCode.ABORTED;
            default -> ExitCode.UNKNOWN;
        };
    }

    private static Optional<Path> reportFile(String verb, Optional<String> value) throws BadInput {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(value.get());
        } catch (InvalidPathException e) {
            throw new BadInput(verb + ": --report \"" + value.get() + "\" is not a valid path");
        }
        if (value.get().isBlank() || Files.isDirectory(file)) {
            throw new BadInput(verb + ": --report \"" + value.get() + "\" must name a file, not a directory");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir)) {
            throw new BadInput(verb + ": --report " + value.get() + ": directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInput(verb + ": --report " + value.get() + ": " + dir + " is a file, not a directory");
        }
        // Tried before anything is frozen: a report that cannot be written is found out now, not after the handover.
        try {
            Files.delete(Files.createTempFile(dir, ".handover-report-", ".tmp"));
        } catch (IOException e) {
            throw new BadInput(verb + ": --report " + value.get() + ": cannot write in directory " + dir + " ("
                    + IoText.why(e) + "); nothing was run");
        }
        return Optional.of(file);
    }

    /** Written beside the target and moved into place, so a failed write never clobbers an earlier report. */
    private static void writeReport(RunReport report, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".handover-report-", ".tmp");
        try {
            report.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code " (unreachable: pg1, pg2)"}, or nothing when every node answered. */
    private static String unreachable(ClusterSnapshot s) {
        List<String> down = s.nodes().stream().filter(n -> n.health() == Health.UNREACHABLE).map(NodeStatus::id).toList();
        return down.isEmpty() ? "" : " (unreachable: " + String.join(", ", down) + ")";
    }

    private static String ids(ClusterSnapshot s) {
        return String.join(", ", s.nodes().stream().map(NodeStatus::id).toList());
    }
}
