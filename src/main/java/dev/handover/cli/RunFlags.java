package dev.handover.cli;

import dev.handover.journal.JournalNames;
import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Preflight;
import dev.handover.core.FailoverMode;
import dev.handover.core.RunLimits;
import dev.handover.journal.Journal;
import dev.handover.journal.PlanBook;
import dev.handover.journal.Requester;
import dev.handover.run.HookSet;
import dev.handover.run.HooksFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of {@code run} and {@code plan}, every one checked before the cluster is opened: bad input never leaves a
 * half-started run. A recorded plan ({@code run --plan}) gives the target, mode, deadline, poll and budget.
 *
 * @param clusterFlag  {@code --cluster} as typed (a plan records it)
 * @param budgetGiven  whether {@code --freeze-budget} (or the plan) named the budget: then it is a limit
 * @param runAnyway    {@code run --run-anyway}: go ahead although the preflight fails, the record keeping it
 * @param requester    who asks and why ({@code --operator}, {@code --reason}, {@code --ticket}); {@code run --plan}
 *                     takes the plan's reason and ticket where none is given
 */
record RunFlags(String verb, String clusterFlag, ClusterSpec spec, Optional<PlanBook.Plan> recorded, String targetId,
                String modeName, FailoverMode mode, Duration poll, boolean budgetGiven, Duration freezeBudget,
                Optional<String> approval, Optional<String> expectPrimary, Optional<Long> expectTerm, long seed,
                Optional<Path> reportFile, Journal journal, HookSet hooks, Optional<Instant> fireAt, boolean runAnyway,
                Requester requester) {

    static final Set<String> VALUED = Set.of("cluster", "target", "mode", "deadline", "poll", "force-approval", "seed",
            "report", "journal", "expect-primary", "expect-term", "freeze-budget", "hooks", "at", "plan", "operator",
            "reason", "ticket");

    /** What the command line calls who-and-why's fields, for {@link Requester#parse}'s messages. */
    static final Requester.Labels LABELS = new Requester.Labels("--operator", "--reason", "--ticket");

    boolean planOnly() {
        return verb.equals("plan");
    }

    /**
     * @param terminal the person who can be asked at a force prompt; without one a force run needs
     *                 {@code --force-approval}, and is refused here, before anything is opened
     * @throws RecordedPlan.NotAGo {@code run --plan} of a plan that cannot be run (exit 6)
     */
    static RunFlags parse(String verb, List<String> argv, Path defaultJournal, boolean terminal, Backends backends)
            throws BadInput, RecordedPlan.NotAGo {
        Args a = Args.parse(verb, argv, VALUED, verb.equals("run") ? Set.of("run-anyway") : Set.of());
        String clusterFlag = a.required("cluster");
        ClusterSpec spec = ClusterSpec.parse(clusterFlag, backends);
        Requester.Parsed who = Requester.parse(a.get("operator"), a.get("reason"), a.get("ticket"), LABELS);
        if (who instanceof Requester.Invalid bad) { // before the plan book or the cluster is opened
            throw new BadInput(verb + ": " + bad.message());
        }
        Optional<PlanBook.Plan> recorded = recordedPlan(verb, a, defaultJournal);
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
            modeName = a.choice("mode", JournalNames.MODES).orElseThrow(); // --mode takes the words a record holds
            if (a.get("deadline").isEmpty()) {
                a.required("deadline"); // "missing --deadline"; an empty one is the parser's to word, as in the console
            }
            // The console's form reads the same fields with the same rule and range.
            deadline = a.duration("deadline", RunLimits.DEADLINE).orElseThrow();
            poll = a.duration("poll", RunLimits.POLL).orElse(RunCommand.DEFAULT_POLL);
            budgetGiven = a.get("freeze-budget").isPresent();
            freezeBudget = a.duration("freeze-budget", RunLimits.FREEZE_BUDGET).orElse(Preflight.DEFAULT_FREEZE_BUDGET);
        }
        Optional<String> approval = a.choice("force-approval", List.of("approve", "decline"));
        if (approval.isPresent() && !JournalNames.FORCE.equals(modeName)) {
            throw new BadInput(verb + ": --force-approval applies only to --mode force");
        }
        Optional<String> expectPrimary = a.get("expect-primary");
        Optional<Long> expectTerm = a.longValue("expect-term");
        long seed = a.longValue("seed").orElse(RunCommand.DEFAULT_SEED);
        Optional<Path> reportFile = reportFile(verb, a.get("report"));
        Journal journal = JournalOption.open(verb, a.get("journal"), defaultJournal);
        HookSet hooks = hooks(verb, a.get("hooks"));
        if (a.get("at").isPresent() && !verb.equals("run")) {
            throw new BadInput(verb + ": --at schedules a run; a plan is made now");
        }
        Optional<Instant> fireAt = a.get("at").isPresent()
                ? Optional.of(FireTime.parse(verb, a.get("at").get(), java.time.Clock.systemDefaultZone())) : Optional.empty();
        FailoverMode mode = JournalNames.FORCE.equals(modeName) ? new FailoverMode.Force(deadline) : new FailoverMode.Coordinated(deadline);
        if (verb.equals("run") && mode.isForce() && approval.isEmpty() && !terminal) {
            // A forced commit loses acknowledged writes: it is never made without someone saying yes.
            throw new BadInput("run: --mode force asks before it commits and there is no terminal to ask on: pass "
                    + "--force-approval=approve (or =decline) to answer in advance, or run it on a terminal; nothing was frozen");
        }
        Requester asked = ((Requester.Valid) who).requester();
        Requester requester = recorded.map(p -> asked.orElse(p.requester())).orElse(asked);
        return new RunFlags(verb, clusterFlag, spec, recorded, targetId, modeName, mode, poll, budgetGiven, freezeBudget,
                approval, expectPrimary, expectTerm, seed, reportFile, journal, hooks, fireAt, a.has("run-anyway"), requester);
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
}
