package dev.handover.journal;

import dev.handover.cluster.Positions;
import dev.handover.core.ForceDecision;

import java.util.List;
import java.util.Optional;

/**
 * Decides what an operator must do about a run that did not end cleanly, from what reached the
 * journal. When in doubt it asks to verify roles first: that advice is safe whether or not the
 * commit happened, while resuming writes after a commit that did happen would make two primaries.
 */
final class RecoveryAdvisor {
    private RecoveryAdvisor() {
    }

    /** The recovery a run needs, or empty for a run that ended cleanly or was acknowledged. */
    static Optional<Recovery> advise(JournaledRun run) {
        return advise(run, Positions.PLAIN);
    }

    /** The same, with positions written as the run's cluster writes them. */
    static Optional<Recovery> advise(JournaledRun run, Positions positions) {
        if (run.acknowledged().isPresent()) {
            return Optional.empty();
        }
        RunReport r = run.report();
        if (run.finished()) {
            OutcomeInfo o = r.outcome();
            if (o.degraded() && !o.writesFrozen()) {
                return Optional.of(recovery(run, RecoveryAction.CHECK_TOPOLOGY, false, "the handover committed ("
                        + r.request().target() + ", term " + o.newTerm() + ") but left the topology degraded"
                        + degradedBy(r)));
            }
            if (o.result() != Result.UNKNOWN && !o.writesFrozen()) {
                // A run that ended but could not resume pools it paused (no node seen taking writes to resume them
                // toward, e.g. its primary died under the freeze) leaves clients waiting: that needs a person.
                return run.stillPaused().isEmpty() ? Optional.empty()
                        : Optional.of(recovery(run, RecoveryAction.NONE, false, "the run ended (" + o.result()
                        + ") without resuming the PgBouncer pools it paused: their clients wait until they are resumed "
                        + "toward the node that takes writes"));
            }
            RecoveryAction action = o.why() == EndReason.RESUME_FAILED ? RecoveryAction.RESUME_WRITES
                    : RecoveryAction.VERIFY_ROLES;
            return Optional.of(recovery(run, action, true, "the run ended with its outcome unknown"
                    + (o.message() == null ? "" : " (" + o.message() + ")")));
        }
        List<EventEntry> events = r.events();
        Optional<EventEntry> last = events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
        String stopped = "the run stopped without finishing, " + last.map(e -> "after " + describe(e, positions))
                .orElse(run.freezeBegun() ? "while freezing writes" : "before freezing writes");
        switch (last.map(EventEntry::kind).orElse(EventType.OTHER)) {
            case COMMITTED:
                if (!simulated(run)) {
                    // The record closes only after the topology is read back: it never was.
                    return Optional.of(recovery(run, RecoveryAction.CHECK_TOPOLOGY, false, stopped
                            + ": the handover committed, but the run stopped before the new topology was verified"));
                }
                return Optional.of(recovery(run, RecoveryAction.NONE, false, stopped
                        + ": the handover committed and writes go to " + r.request().target() + "; nothing to do"));
            case ABORTED:
                return Optional.of(recovery(run, RecoveryAction.NONE, false, stopped
                        + ": nothing was committed and writes were resumed; nothing to do"));
            case OUTCOME_UNKNOWN:
                return Optional.of(recovery(run, RecoveryAction.VERIFY_ROLES, true, stopped));
            case STILL_FROZEN:
                return Optional.of(recovery(run, RecoveryAction.RESUME_WRITES, true, stopped));
            default:
                break;
        }
        if (run.commitBegun() || commitImminent(events, r.request())) {
            return Optional.of(recovery(run, RecoveryAction.VERIFY_ROLES, true, stopped));
        }
        if (events.stream().anyMatch(e -> e.kind() == EventType.RESUMED)) {
            return Optional.of(recovery(run, RecoveryAction.NONE, false, stopped
                    + ": writes had been resumed and nothing was committed; nothing to do"));
        }
        if (run.freezeBegun()) {
            return Optional.of(recovery(run, RecoveryAction.RESUME_WRITES, true, stopped));
        }
        return Optional.of(recovery(run, RecoveryAction.NONE, false, stopped + ": nothing was frozen; nothing to do"));
    }

    /**
     * Whether the run was on a simulation, as its record says: a simulated cluster declares its seed and the record
     * keeps it (every record since the first); a real one has none. Read from what the engine declared when it ran,
     * never from the cluster name's prefix. Runs on a real cluster read the topology back before their record
     * closes; a simulation's state is its own.
     */
    private static boolean simulated(JournaledRun run) {
        return run.report().request().seed() != null;
    }

    /** {@code ": failed: …; 2 step(s) left by hand"}, from the recorded verification. */
    private static String degradedBy(RunReport r) {
        if (r.verified().isEmpty()) {
            return "";
        }
        VerificationInfo v = r.verified().get();
        List<String> failed = v.checks().stream().filter(CheckInfo::degrades).map(CheckInfo::what).toList();
        String out = failed.isEmpty() ? "" : ": failed: " + String.join("; ", failed);
        if (!v.remaining().isEmpty()) {
            out += (out.isEmpty() ? ": " : "; ") + v.remaining().size() + " step(s) left by hand";
        }
        return out;
    }

    /**
     * Whether the coordinator's next step after the last journaled event was the commit: the target
     * had covered the frontier, the operator approved a force, or a force run's deadline had passed.
     */
    private static boolean commitImminent(List<EventEntry> events, RunReport.RequestInfo request) {
        if (events.isEmpty()) {
            return false;
        }
        EventEntry last = events.get(events.size() - 1);
        boolean approved = events.stream().anyMatch(e -> e.kind() == EventType.APPROVAL_DECIDED
                && e.forceDecision().orElse(null) == ForceDecision.APPROVE);
        switch (last.kind()) {
            case FROZEN:
                return last.frontierLsn() != null && request.targetFrontierHint() >= last.frontierLsn();
            case POLLED:
                boolean caughtUp = last.reachedLsn() != null && last.frontierLsn() != null
                        && last.reachedLsn() >= last.frontierLsn();
                boolean forcePastDeadline = request.force() && last.atMs() >= request.deadlineMs()
                        && request.forceApproval() == null;
                return caughtUp || approved || forcePastDeadline;
            case APPROVAL_DECIDED:
                return approved;
            default:
                return false;
        }
    }

    private static Recovery recovery(JournaledRun run, RecoveryAction action, boolean mayBeFrozen, String what) {
        RunReport.RequestInfo q = run.report().request();
        List<EventEntry> events = run.report().events();
        Optional<EventEntry> last = events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
        String primary = q.oldPrimary() + " (" + q.oldPrimaryAddr() + ")";
        String todo = switch (action) {
            case RESUME_WRITES -> "Writes may still be frozen on " + primary + " and nothing was committed: check "
                    + q.oldPrimary() + " and resume writes on it.";
            case VERIFY_ROLES -> "A commit of term " + q.newTerm() + " to " + q.target() + " had begun or was about to: "
                    + "verify which node is primary and under which term before anything else. If " + q.target()
                    + " serves term " + q.newTerm() + ", finish demoting " + q.oldPrimary() + " to a replica of it; if not, "
                    + "resume writes on " + primary + ".";
            case CHECK_TOPOLOGY -> {
                int steps = run.report().verified().map(v -> v.remaining().size()).orElse(0);
                yield (steps == 0 ? "Check" : "Take the " + steps + " step(s) left by hand, in order; then check")
                        + " with `handover status --cluster " + run.cluster() + "` that " + q.target()
                        + " is primary under term " + q.newTerm() + " and every other node streams from it.";
            }
            case NONE -> "";
        };
        String cluster = run.cluster();
        String sim = simulated(run) && action != RecoveryAction.NONE
                ? " This run was on the simulated cluster " + cluster + ", which ended with its process: on a real "
                  + "cluster this is what you would do."
                : "";
        List<String> held = run.stillPaused();
        if (!held.isEmpty() && action == RecoveryAction.NONE) {
            what = what.replace("; nothing to do", "");
        }
        String advice = capitalise(what) + "." + (todo.isEmpty() ? "" : " " + todo) + paused(run.id(), held) + sim;
        return new Recovery(run, cluster, q.oldPrimary(), q.oldPrimaryAddr(), q.target(), q.newTerm(), last,
                mayBeFrozen, action, advice);
    }

    /**
     * The pools the run paused around the cluster (PgBouncer's {@code pgb1/app}) and was not seen resuming, and
     * how recovery lets their clients go; empty when there are none.
     */
    private static String paused(String id, List<String> held) {
        if (held.isEmpty()) {
            return "";
        }
        return " It paused connection pools it was not seen resuming, whose clients may still be waiting: "
                + String.join(", ", held) + ". `handover recover --release " + id + "` (nothing committed) or `handover "
                + "recover --repair " + id + "` (committed) resumes them and points them at the current primary.";
    }

    /** One event in a few words, e.g. {@code a poll at +1.2s (reached LSN 900 of 1,000)}. */
    static String describe(EventEntry e, Positions p) {
        String at = " at +" + dev.handover.core.Durations.format(java.time.Duration.ofMillis(e.atMs()));
        return switch (e.kind()) {
            case FROZEN -> "writes were frozen" + at + " (frontier " + p.noun() + " " + position(e.frontierLsn(), p) + ")";
            case POLLED -> "a poll" + at + " (reached " + p.noun() + " " + position(e.reachedLsn(), p) + " of "
                    + position(e.frontierLsn(), p) + ")";
            case AWAITING_APPROVAL -> "the force prompt opened" + at + " ("
                    + (e.skippedLsn() == null ? "?" : p.amount(e.skippedLsn())) + " short)";
            case APPROVAL_DECIDED -> "the force prompt was answered \"" + e.decision() + "\"" + at;
            case RESUMED -> "writes were resumed" + at;
            case COMMIT_STEP -> "the commit's step \"" + e.message() + "\"" + at;
            case COMMITTED, ABORTED, OUTCOME_UNKNOWN, STILL_FROZEN, STEP_DONE, STEP_FAILED, OTHER ->
                    "\"" + e.type() + "\"" + at;
        };
    }

    /** A recorded position; a line that lacks it (damaged, or an older writer) says so rather than "null". */
    private static String position(Long lsn, Positions p) {
        return lsn == null ? "?" : p.position(lsn);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
