package dev.handover.journal;

import java.util.Optional;

/**
 * One run as the journal holds it. A finished run's {@code report} is the one its finished line
 * holds; an unfinished run's is rebuilt from its started and event lines (result "unknown", reason
 * "unfinished" unless a terminal event made it to disk).
 *
 * @param id           the run id, e.g. {@code 20261126-064239-3fa2c1}
 * @param line         the line number of its started line
 * @param finished     whether its finished line was read
 * @param freezeBegun  whether a freeze was about to be (or was) asked of the primary
 * @param commitBegun  whether a commit was about to be (or was) sent to the cluster
 * @param steps        the backend's steps around the cluster (a pooler's pause, retarget, resume), intents
 *                     and events in journal order; empty for runs without them and for older journals
 */
public record JournaledRun(String id, int line, RunReport report, boolean finished, boolean freezeBegun,
                           boolean commitBegun, Optional<Acknowledgement> acknowledged, java.util.List<JournaledStep> steps) {

    public JournaledRun {
        steps = steps == null ? java.util.List.of() : java.util.List.copyOf(steps);
    }

    /** A run without steps around the cluster. */
    public JournaledRun(String id, int line, RunReport report, boolean finished, boolean freezeBegun,
                        boolean commitBegun, Optional<Acknowledgement> acknowledged) {
        this(id, line, report, finished, freezeBegun, commitBegun, acknowledged, java.util.List.of());
    }

    /**
     * What the run paused around the cluster (e.g. PgBouncer pools {@code pgb1/app}) and was never seen
     * resuming: their clients may still be waiting.
     */
    public java.util.List<String> stillPaused() {
        return JournaledStep.held(steps);
    }

    /** committed | forced | aborted | unknown for finished runs; unfinished otherwise. */
    public Result result() {
        return finished ? report.outcome().result() : Result.UNFINISHED;
    }

    /** A finished handover whose topology was seen degraded afterwards: it needs a person's steps. */
    public boolean degraded() {
        return finished && report.outcome().degraded();
    }

    /** When the run started (wall clock), as its record says. */
    public java.time.Instant startedAt() {
        return report.run().startedAt();
    }

    public String cluster() {
        return report.run().cluster();
    }

    public String target() {
        return report.request().target();
    }

    public String mode() {
        return report.request().mode();
    }

    /** LSNs a forced commit skipped; 0 for any other result, also in records written before that rule. */
    public long skippedLsn() {
        return report.outcome().result() == Result.FORCED ? report.outcome().skippedLsn() : 0;
    }

    /**
     * The transactions the run lost, as its record says: the figure it kept (counted, estimated, or unknown);
     * for a record without one, what its result alone says — none for a clean commit or a run that handed
     * nothing over, unknown for an unknown outcome, an unfinished run, or a forced run recorded before counts
     * were kept. Never 0 for a run whose outcome nobody knows.
     */
    public LostInfo lost() {
        if (!finished()) {
            return LostInfo.unknown("the run did not finish");
        }
        Optional<LossInfo> kept = report.lost();
        if (kept.isPresent()) {
            return kept.get().lostTransactions();
        }
        return switch (report.outcome().result()) {
            case COMMITTED, ABORTED -> LostInfo.exact(0, "committed transactions",
                    "none: " + report.outcome().result());
            case FORCED -> LostInfo.unknown("recorded before lost transactions were counted");
            case UNKNOWN, UNFINISHED -> LostInfo.unknown("the run's outcome is unknown");
        };
    }

    /** The events as the coordinator emitted them, for replaying a chart and a timeline. */
    public java.util.List<dev.handover.core.HandoverEvent> events() {
        return report.handoverEvents();
    }
}
