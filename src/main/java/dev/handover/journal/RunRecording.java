package dev.handover.journal;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.Positions;
import dev.handover.cluster.AfterRun;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Everything a caller needs to record one run, console or headless: opens the run in the journal,
 * gives the listener and the transport to hand the coordinator, and at the end builds the report and
 * closes the run with it. The listener must be called on the coordinator's thread (not through a
 * relay to the UI thread), so each event is on disk before the run moves on.
 *
 * <pre>
 * RunRecording rec = RunRecording.start(journal, Who.now(cluster.name(), Instant.now()), request, ranking);
 * FailoverCoordinator.run(req, rec.watch(tx), hooks.withListener(rec.listener().andThen(uiRelay)));
 * Optional&lt;AfterRun&gt; seen = cluster.afterRunVerifier().map(v -&gt; v.verify(tx, req.newTerm()));  // after a commit
 * RunReport report = rec.finish(invariants, seen);   // what --report writes and history shows
 * </pre>
 */
public final class RunRecording {
    private final RunRecorder recorder;
    private final JournalRun run;
    private final RunReport.RunInfo who;
    private final RunReport.RequestInfo request;
    private final List<RunReport.CandidateInfo> candidates;

    private RunRecording(JournalRun run, RunReport.RunInfo who, RunReport.RequestInfo request,
                         List<RunReport.CandidateInfo> candidates, Positions positions) {
        this.recorder = new RunRecorder(positions);
        this.run = run;
        this.who = who;
        this.request = request;
        this.candidates = List.copyOf(candidates);
    }

    /**
     * Appends the run's started line; refuse to run when this throws.
     *
     * @param candidates the preflight ranking, best first; may be empty
     */
    public static RunRecording start(Journal journal, RunReport.RunInfo who, RunReport.RequestInfo request,
                                     List<RunReport.CandidateInfo> candidates) throws IOException {
        return start(journal, who, request, candidates, Positions.PLAIN);
    }

    /** The same, the outcome's message writing positions as the cluster does ({@link ClusterConnection#positions()}). */
    public static RunRecording start(Journal journal, RunReport.RunInfo who, RunReport.RequestInfo request,
                                     List<RunReport.CandidateInfo> candidates, Positions positions) throws IOException {
        RunReport.RunInfo stamped = journal.stamped(who); // run --plan: the record names its plan throughout
        return new RunRecording(journal.start(stamped, request, candidates), stamped, request, candidates, positions);
    }

    /** Who ran it, as its started line holds it (the plan named, for {@code run --plan}). */
    public RunReport.RunInfo who() {
        return who;
    }

    public String id() {
        return run.id();
    }

    /** Records every event in memory and appends it to the journal. */
    public HandoverListener listener() {
        return recorder.andThen(run);
    }

    /** The transport, with the freeze and the commit announced in the journal before they are sent. */
    public FailoverTransport watch(FailoverTransport tx) {
        return run.watch(tx);
    }

    /** Where the backend records its steps around the cluster ({@link JournalRun#steps()}). */
    public dev.handover.cluster.StepJournal steps() {
        return run.steps();
    }

    /** The events so far, in order. */
    public List<HandoverEvent> events() {
        return recorder.events();
    }

    /** The report so far (result unknown until a terminal event), its poll readings thinned as recorded. */
    public RunReport report(Optional<RunReport.InvariantsInfo> invariants) {
        return report(invariants, Optional.empty());
    }

    /** The same, with what the backend read back after a commit (topology, checks, roles as seen). */
    public RunReport report(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun) {
        // The readings as the journal's event lines keep them (the coordinator's events() keep every one).
        return recorder.report(who, request, invariants, candidates, afterRun).withThinnedPolls();
    }

    /**
     * Builds the report and appends the finished line; returns the report as recorded.
     *
     * @throws IOException when the finished line could not be written (the run then reads as unfinished
     *                     in the journal); {@link #report} still gives the report
     */
    public RunReport finish(Optional<RunReport.InvariantsInfo> invariants) throws IOException {
        return finish(invariants, Optional.empty());
    }

    /**
     * The same, with the verification made after a commit: verify first, then finish, so the finished
     * line holds the topology as seen and every check.
     */
    public RunReport finish(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun) throws IOException {
        return finish(invariants, afterRun, List.of());
    }

    /** The same, with the faults that hit the run (a simulated cluster's, timed from the run's start). */
    public RunReport finish(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun,
                            List<RunReport.FaultInfo> faults) throws IOException {
        return finish(report(invariants, afterRun).withFaults(faults));
    }

    /** Appends the finished line with {@code report}, built from {@link #report} and completed by the caller. */
    public RunReport finish(RunReport report) throws IOException {
        return run.finish(report);
    }

    /** The first journal write that failed during the run, if any. */
    public Optional<String> failure() {
        return run.failure();
    }
}
