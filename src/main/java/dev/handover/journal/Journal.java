package dev.handover.journal;

import dev.handover.cluster.Positions;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The append-only record of every run: one JSON Lines file, {@value #FILE_NAME}, in a directory
 * ({@link JournalLocation#defaultDirectory()} unless overridden). A run is opened with a started
 * line, its events are appended as they happen and it ends with a finished line holding the whole
 * report; so a process that dies mid-run leaves a journal in which that run reads as unfinished,
 * with enough to say what to do about it ({@link #unfinishedRuns()}).
 *
 * <p>One file rather than one a run: history is one sequential read, "the journal" is one thing to
 * back up, hand to an auditor or inspect, and lines of concurrent runs (console and CLI) interleave
 * safely because each is tagged with its run and appended whole under a file lock.
 */
public final class Journal {
    public static final String FILE_NAME = "journal.jsonl";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final JournalFile file;
    private final Clock clock;
    private final Supplier<String> idSuffix;
    /** The recorded plan ({@link PlanBook}) the runs started through this handle carry; null for none. */
    private final String plan;

    Journal(Path directory, Clock clock, Supplier<String> idSuffix) {
        this(directory, clock, idSuffix, null);
    }

    private Journal(Path directory, Clock clock, Supplier<String> idSuffix, String plan) {
        this.directory = directory.toAbsolutePath().normalize();
        this.file = new JournalFile(this.directory.resolve(FILE_NAME));
        this.clock = clock;
        this.idSuffix = idSuffix;
        this.plan = plan;
    }

    /** {@code info} naming this handle's plan ({@link #forPlan}) unless it names one already. */
    public RunReport.RunInfo stamped(RunReport.RunInfo info) {
        return info.plan() != null || plan == null ? info : info.fromPlan(plan);
    }

    /** The same journal, the runs it starts naming plan {@code planId} in their started line ({@code run --plan}). */
    public Journal forPlan(String planId) {
        return new Journal(directory, clock, idSuffix, planId);
    }

    /** The journal in {@code directory} (created on the first run). */
    public static Journal at(Path directory) {
        return new Journal(directory, Clock.systemUTC(), Journal::randomSuffix);
    }

    /** The journal in the user's data directory. */
    public static Journal atDefaultLocation() {
        return at(JournalLocation.defaultDirectory());
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return file.path();
    }

    /**
     * Opens a run: appends (and forces to disk) its started line. Call before anything is frozen, and
     * refuse to run when this throws: a run must not happen off the record.
     *
     * @param candidates the preflight ranking the target was picked from, best first; may be empty
     */
    public JournalRun start(RunReport.RunInfo info, RunReport.RequestInfo request, List<RunReport.CandidateInfo> candidates)
            throws IOException {
        String id = ID_TIME.format(clock.instant()) + "-" + idSuffix.get();
        RunReport.RunInfo who = stamped(info).redacted();
        List<RunReport.CandidateInfo> ranking = candidates.stream().map(c -> new RunReport.CandidateInfo(c.node(), c.rank(),
                c.health(), c.lagLsn(), c.lagMs(), c.region(), Secrets.redact(c.reason()))).toList();
        file.append(JournalRun.line(new JournalLine.Started(id, clock.instant(), who, request, ranking)), true);
        return new JournalRun(file, id, clock, request.deadlineMs());
    }

    /**
     * Where a repair of run {@code runId} records its steps: an intent line before each, an event after it,
     * under the run's own id, like a run's own steps around the cluster.
     */
    public dev.handover.cluster.StepJournal stepsOf(String runId) throws IOException {
        JournaledRun run = find(runId);
        return new JournalRun(file, run.id(), clock, 0).steps();
    }

    /** Every run and every damaged line; an absent journal is empty. */
    public JournalContents load() throws IOException {
        return JournalReader.read(file);
    }

    /**
     * Runs that started and never finished, not yet acknowledged (the process died mid-run), each with
     * what to do: resume writes on its primary, verify roles if a commit had begun, or nothing.
     */
    public List<Recovery> unfinishedRuns() throws IOException {
        return load().unfinished().stream().map(RecoveryAdvisor::advise).flatMap(Optional::stream).toList();
    }

    /**
     * Everything an operator should see at start: the unfinished runs, and finished runs whose outcome
     * was unknown or left writes frozen, none of them acknowledged yet.
     */
    public List<Recovery> pendingRecoveries() throws IOException {
        return pendingRecoveries(cluster -> Positions.PLAIN);
    }

    /** The same, positions in the advice written as each run's cluster writes them ({@code positionsOf} its name). */
    public List<Recovery> pendingRecoveries(Function<String, Positions> positionsOf) throws IOException {
        return load().runs().stream().map(r -> RecoveryAdvisor.advise(r, positionsOf.apply(r.cluster())))
                .flatMap(Optional::stream).toList();
    }

    /** The recovery advice for one run, whether or not it was acknowledged already. */
    public Optional<Recovery> recoveryFor(JournaledRun run) {
        JournaledRun unacknowledged = new JournaledRun(run.id(), run.line(), run.report(), run.finished(), run.freezeBegun(),
                run.commitBegun(), Optional.empty(), run.steps());
        return RecoveryAdvisor.advise(unacknowledged);
    }

    /**
     * Marks a run that needed recovery as dealt with, by appending an acknowledged line: the run's
     * own lines stay as they were.
     *
     * @throws IllegalArgumentException when no such run needs recovery (the message says why)
     */
    public void acknowledge(String runId, String operator, String note) throws IOException {
        JournaledRun run = find(runId);
        if (run.acknowledged().isPresent()) {
            throw new IllegalArgumentException("run " + run.id() + " was already acknowledged by "
                    + run.acknowledged().get().operator() + " at " + run.acknowledged().get().at());
        }
        if (recoveryFor(run).isEmpty()) {
            throw new IllegalArgumentException("run " + run.id() + " ended cleanly (" + run.result()
                    + "); it needs no recovery");
        }
        file.append(JournalRun.line(new JournalLine.Acknowledged(run.id(), clock.instant(), operator,
                Secrets.redact(note))), true);
    }

    /**
     * The run whose id is {@code idOrPrefix}, or the only one starting with it.
     *
     * @throws IllegalArgumentException no run or more than one matches (the message names the journal file)
     */
    public JournaledRun find(String idOrPrefix) throws IOException {
        List<JournaledRun> runs = load().runs();
        Optional<JournaledRun> exact = runs.stream().filter(r -> r.id().equals(idOrPrefix)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<JournaledRun> matches = idOrPrefix.isBlank() ? List.of()
                : runs.stream().filter(r -> r.id().startsWith(idOrPrefix)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no run \"" + idOrPrefix + "\" in the journal " + file.path()
                    + (runs.isEmpty() ? " (it holds no runs)" : " (latest: " + runs.get(runs.size() - 1).id() + ")"));
        }
        throw new IllegalArgumentException("\"" + idOrPrefix + "\" matches " + matches.size() + " runs in " + file.path()
                + ": " + String.join(", ", matches.stream().map(JournaledRun::id).toList()));
    }

    /** Writes one run's report, as the journal holds it, to {@code target} as JSON; returns it. */
    public RunReport export(String runId, Path target) throws IOException {
        RunReport report = find(runId).report();
        report.write(target);
        return report;
    }

    private static String randomSuffix() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
