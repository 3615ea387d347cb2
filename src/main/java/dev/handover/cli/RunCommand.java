package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverListener;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.PlanBook;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.run.FiringCheck;
import dev.handover.run.CompletedRun;
import dev.handover.run.FinishedRun;
import dev.handover.run.JournalEntry;
import dev.handover.run.PreparedRun;
import dev.handover.run.RunEnd;
import dev.handover.run.RunRefused;
import dev.handover.run.RunService;
import dev.handover.run.RunVetoed;
import dev.handover.run.RunSpec;
import dev.handover.training.Debrief;
import dev.handover.training.DebriefText;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
    /** How long a person at the terminal has to read the loss and type the target's id; writes stay frozen meanwhile. */
    static final Duration TERMINAL_WINDOW = Duration.ofSeconds(60);
    /** How long a failing preflight on a real cluster waits before it is read once more. */
    static final Duration REREAD_AFTER = Duration.ofSeconds(1);

    private RunCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Backends backends)
            throws BadInput {
        return run(argv, out, err, defaultJournal, Optional.empty(), backends);
    }

    /** @param terminal where a force prompt is asked (absent: only {@code --force-approval} can answer it) */
    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Optional<Terminal> terminal,
                        Backends backends) throws BadInput {
        RunFlags f;
        try {
            f = RunFlags.parse("run", argv, defaultJournal, terminal.isPresent(), backends);
        } catch (RecordedPlan.NotAGo no) {
            out.println("REFUSED: " + no.getMessage() + "; nothing was frozen.");
            return ExitCode.NO_GO;
        }
        try (ClusterConnection cluster = Clusters.open(f.spec(), f.seed())) {
            HandoverSetup setup;
            try {
                ClusterSnapshot before = HandoverSetup.reading(cluster, out);
                if (f.recorded().isPresent() && !stillAsPlanned(f.recorded().get(), f, cluster, before, out)) {
                    return ExitCode.NO_GO;
                }
                // A run checks the nodes and their local blocks as plan does (a recorded plan already did).
                setup = HandoverSetup.read("run", f, cluster, before, f.recorded().isEmpty(), out);
            } catch (ClusterException | IllegalArgumentException e) {
                throw new BadInput("run: " + e.getMessage());
            }
            budgetIsALimit(f, setup.checks());
            Optional<Cleared> cleared = gate(f, cluster, setup, out);
            if (cleared.isEmpty()) {
                return ExitCode.NO_GO;
            }
            setup = cleared.get().setup();
            ClusterSnapshot planned = setup.before();
            if (f.fireAt().isPresent()) {
                ScheduledFiring.Held held = ScheduledFiring.holdUntil(f.fireAt().get(), f.journal(), cluster, setup.request(),
                        f.freezeBudget(), f.requester(), out);
                if (held.fresh().isEmpty()) {
                    return held.code();
                }
                planned = held.fresh().get();
            }
            noteJournal(f.journal(), out, err);
            FailoverRequest req = setup.request();
            Journal journal = f.journal();
            PreparedRun prepared;
            try {
                prepared = prepare(new RunSpec(cluster, planned, req, f.poll(),
                        f.approval().or(() -> req.mode().isForce() ? Optional.of("prompt") : Optional.empty()),
                        Optional.of(f.recorded().map(p -> journal.forPlan(p.id())).orElse(journal)), f.hooks(),
                        cleared.get().override(), f.requester()), journal, out);
            } catch (RunVetoed vetoed) {
                RunPrinter.hooks(out, vetoed.hooks());
                out.println("VETOED " + vetoed.by() + ".");
                vetoed.journal().ifPresent(j -> out.println("Recorded as run " + j.runId() + " in " + j.file()));
                return ExitCode.ABORTED;
            }
            RunPrinter.hooks(out, prepared.hooksCalled());
            return runPrepared(f, cluster, prepared, terminal, out, err);
        }
    }

    /** {@code run --plan}: the cluster is still the one the plan was made on; else the refusal is printed. */
    private static boolean stillAsPlanned(PlanBook.Plan p, RunFlags f, ClusterConnection cluster, ClusterSnapshot before,
                                          PrintStream out) throws BadInput {
        RecordedPlan.sameCluster(p, cluster.name());
        List<String> changed;
        try {
            changed = FiringCheck.sincePlan(p, before, f.mode(), f.freezeBudget(), cluster.planProbes());
        } catch (RuntimeException e) {
            changed = List.of("the cluster could not be probed: " + message(e));
        }
        if (!changed.isEmpty()) {
            out.println("REFUSED: the cluster is not the one plan " + p.id() + " was made on ("
                    + String.join("; ", changed) + "); nothing was frozen. Plan again: handover plan.");
            return false;
        }
        out.println(RecordedPlan.asPlanned(p));
        return true;
    }

    /** A budget the operator named is a limit, not advice (the default one only warns in print). */
    private static void budgetIsALimit(RunFlags f, List<PreflightCheck> checks) throws BadInput {
        Optional<PreflightCheck> overBudget = checks.stream()
                .filter(c -> c.title().equals(Preflight.FREEZE) && c.failed()).findFirst();
        if (f.budgetGiven() && overBudget.isPresent()) {
            throw new BadInput("run: " + Preflight.FREEZE.toLowerCase(java.util.Locale.ROOT) + " "
                    + overBudget.get().why() + ", and --freeze-budget " + Durations.format(f.freezeBudget())
                    + " was given as a limit; nothing was frozen (" + RunPrinter.wouldPassPointer(checks) + ")");
        }
    }

    /** A run the preflight lets go, or one overridden with {@code --run-anyway} (the override is recorded). */
    private record Cleared(HandoverSetup setup, Optional<String> override) {
    }

    /** The preflight's verdict: cleared (perhaps on a second reading, or overridden), or refused and said so (empty). */
    private static Optional<Cleared> gate(RunFlags f, ClusterConnection cluster, HandoverSetup setup, PrintStream out) {
        FailoverMode mode = f.mode();
        List<PreflightCheck> blocking = RunGate.blocking(setup.checks(), mode);
        if (!blocking.isEmpty() && !f.runAnyway() && cluster.simulation().isEmpty()) {
            // A real cluster read between two moments can fail a line it passes a second later (a replica one
            // transaction behind, its apply rate not yet seen): read once more before refusing.
            out.println("  the preflight fails; reading the cluster again in " + Durations.format(REREAD_AFTER)
                    + " before refusing…");
            out.flush();
            Optional<RunGate.Again> again = RunGate.again(cluster, setup.request(), f.targetId(), mode, f.freezeBudget(),
                    REREAD_AFTER);
            if (again.isPresent() && RunGate.blocking(setup.again(again.get()).checks(), mode).isEmpty()) {
                setup = setup.again(again.get());
                RunPrinter.preflight(out, setup.checks(), setup.before().positions(), mode);
                blocking = List.of();
            }
        }
        if (!blocking.isEmpty() && !f.runAnyway()) {
            String pointer = RunPrinter.wouldPassPointer(setup.checks());
            out.println("REFUSED: the preflight fails (" + RunGate.why(blocking) + "); nothing was frozen. "
                    + Character.toUpperCase(pointer.charAt(0)) + pointer.substring(1) + "; `handover plan` with the"
                    + " same flags checks more; --run-anyway runs it regardless (the record keeps that).");
            return Optional.empty();
        }
        if (!blocking.isEmpty()) {
            out.println("RUNNING AGAINST A FAILING PREFLIGHT (--run-anyway): " + RunGate.why(blocking)
                    + ". The run's record keeps that it was overridden.");
            return Optional.of(new Cleared(setup, Optional.of(RunGate.override(blocking))));
        }
        if (f.runAnyway()) {
            out.println("  (--run-anyway: the preflight does not fail; nothing to override)");
        }
        return Optional.of(new Cleared(setup, Optional.empty()));
    }

    /** The prepared run driven to its end with the force approval and the live lines, then said and recorded. */
    private static ExitCode runPrepared(RunFlags f, ClusterConnection cluster, PreparedRun prepared,
                                        Optional<Terminal> terminal, PrintStream out, PrintStream err) {
        FailoverRequest req = prepared.request();
        AtomicReference<ForceLoss> prompted = new AtomicReference<>();
        RunHooks hooks = approval(f, cluster, prepared, terminal, prompted);
        // While frozen: a line a second redrawn on a terminal, a plain line every few seconds otherwise.
        // The timeline is said as it happens, each event once and in order (the commit's steps among them); the
        // progress line ends before the next event's line.
        HandoverListener frozen = new FrozenProgress(terminal.map(Terminal::writer).orElseGet(() -> new PrintWriter(out, true)),
                terminal.isPresent(), req.target().id(), req.mode().deadline(), cluster.positions(), System::nanoTime);
        LiveTimeline timeline = new LiveTimeline(out, req, cluster.positions(), () -> Optional.ofNullable(prompted.get()));
        hooks = hooks.withListener(frozen.andThen(timeline));
        try (InterruptGuard guard = new InterruptGuard(hooks.cancellation(), req.oldPrimary().id(), err)) {
            CompletedRun ran = prepared.run(hooks);
            timeline.finish();
            if (ran.end() instanceof RunEnd.Broken broken) {
                err.println("handover: the run failed unexpectedly (" + message(broken.failure()) + "); verify which node is "
                        + "primary and under which term, and whether writes are frozen on " + req.oldPrimary().id());
            }
            if (ran.verifies()) {
                out.println("Verifying the new topology (standbys may take a moment to follow)...");
            }
            // Verified before the record closes, so the journal and --report hold the topology as seen.
            ExitCode code = said(f, cluster, req, ran.finish(), prepared.hooksCalled().size(), timeline, out, err);
            guard.ended(code);
            return code;
        }
    }

    /** Who answers a force prompt: the scripted {@code --force-approval}, or the person at the terminal. */
    private static RunHooks approval(RunFlags f, ClusterConnection cluster, PreparedRun prepared,
                                     Optional<Terminal> terminal, AtomicReference<ForceLoss> prompted) {
        RunHooks hooks = RunHooks.none();
        if (f.approval().isPresent()) {
            ForceDecision decision = f.approval().get().equals("approve") ? ForceDecision.APPROVE : ForceDecision.DECLINE;
            return hooks.withApproval(new AssessedApproval(ForceApproval.always(decision, APPROVAL_WINDOW), cluster,
                    prepared::assess, prompted::set));
        }
        if (f.mode().isForce()) { // RunFlags refused a force run with neither an answer nor a terminal
            Terminal t = terminal.orElseThrow();
            return hooks.withApproval(new TerminalApproval(t, TERMINAL_WINDOW, prepared.transport()::renewFreezeLease,
                    prepared.transport()::elapsed, p -> AssessedApproval.assess(cluster, p, prepared::assess),
                    prompted::set));
        }
        return hooks;
    }

    /** The finished run said: the outcome, the hooks after it, a simulation's debrief, the record, {@code --report}. */
    private static ExitCode said(RunFlags f, ClusterConnection cluster, FailoverRequest req, FinishedRun finished,
                                 int hooksSaid, LiveTimeline timeline, PrintStream out, PrintStream err) {
        Journal journal = f.journal();
        JournalEntry entry = finished.journal().orElseThrow(); // the CLI always records in a journal
        entry.endFailure().ifPresent(e -> err.println("handover: the journal " + entry.file()
                + " could not record the end of run " + entry.runId() + " (" + IoText.why(e)
                + "); it will read as unfinished there"));
        entry.trouble().ifPresent(t -> err.println("handover: " + t));
        RunReport report = finished.report();
        RunPrinter.outcome(out, cluster, req, finished.events(), report, f.freezeBudget(), timeline.stepsSaid());
        RunPrinter.hooks(out, report.hooks().subList(hooksSaid, report.hooks().size()));
        if (f.spec().simulated()) {
            out.println();
            DebriefText.lines(Debrief.of(report, cluster.positions())).forEach(out::println);
        }
        out.println("Recorded as run " + entry.runId() + " in " + journal.file());
        f.reportFile().ifPresent(file -> {
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
        return code;
    }

    /**
     * The run's transport and record, or its refusal in the CLI's words: the cluster's reason as it gave it,
     * a journal that cannot be written with the flag that names another.
     */
    private static PreparedRun prepare(RunSpec run, Journal journal, PrintStream out) throws BadInput, RunVetoed {
        try {
            return RunService.prepare(run, step -> {
                out.println("  " + step.text()); // said as it begins: these waits come before anything is frozen
                out.flush();
            });
        } catch (RunRefused r) {
            throw switch (r.reason()) {
                case CLUSTER -> new BadInput("run: " + r.getMessage());
                case JOURNAL -> new BadInput("run: cannot write the journal " + journal.file() + " ("
                        + (r.cause() instanceof IOException io ? IoText.why(io) : r.getMessage())
                        + "); nothing was run. Name a writable directory with --journal DIR");
            };
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
    static ExitCode exitCode(OutcomeInfo outcome) {
        if (outcome.degraded()) {
            return ExitCode.DEGRADED;
        }
        return switch (outcome.result()) {
            case COMMITTED -> ExitCode.OK;
            case FORCED -> ExitCode.FORCED;
            case ABORTED -> ExitCode.ABORTED;
            case UNKNOWN, UNFINISHED -> ExitCode.UNKNOWN;
        };
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
}
