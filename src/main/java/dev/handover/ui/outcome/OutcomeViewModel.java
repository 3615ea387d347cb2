package dev.handover.ui.outcome;

import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.Durations;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverAborted;
import dev.handover.core.NodeRole;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.ui.run.RunResult;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome panel: what happened in one line, what it means, the term, the roles, and how long
 * writes were frozen. Unknown and still-frozen outcomes are worded to be acted on, not admired.
 */
public final class OutcomeViewModel {
    private final ReadOnlyObjectWrapper<OutcomeKind> kind = new ReadOnlyObjectWrapper<>(OutcomeKind.NONE);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No handover yet");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(
            "Pick a target and a mode, check the preflight, then Start.");
    private final ReadOnlyStringWrapper term = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper roles = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper frozen = new ReadOnlyStringWrapper("");

    public void clear() {
        kind.set(OutcomeKind.NONE);
        headline.set("Run in progress");
        detail.set("The outcome shows here when the run ends.");
        term.set("");
        roles.set("");
        frozen.set("");
    }

    /**
     * @param request   what was asked
     * @param result    how it ended
     * @param wasFrozen whether writes were frozen at all
     * @param frozenFor freeze to commit or resume, when writes came back
     */
    public void show(FailoverRequest request, RunResult result, boolean wasFrozen, Optional<Duration> frozenFor) {
        String primary = request.oldPrimary().id();
        String target = request.target().id();
        String frozenText = frozenFor.map(d -> "Writes were frozen for " + Durations.format(d))
                .orElse(wasFrozen ? "Writes were frozen and have NOT been resumed" : "Writes were never frozen");
        frozen.set(frozenText);
        term.set("Term " + request.currentTerm() + " (unchanged)");
        roles.set(primary + " primary · " + target + " replica (unchanged)");

        if (result instanceof RunResult.Handed h) {
            FailoverOutcome o = h.outcome();
            term.set("Term " + request.currentTerm() + " → " + o.newTerm());
            roles.set(target + " " + roleText(o.roles().newPrimary(), request) + " · " + primary + " "
                    + roleText(o.roles().oldPrimary(), request));
            if (o.isZeroRpo()) {
                set(OutcomeKind.ZERO_RPO, "Zero-RPO handover: " + target + " is primary",
                        target + " reached the frozen frontier (LSN " + o.frontierLsn() + ") before the commit: "
                                + "no acknowledged write was lost.");
            } else {
                set(OutcomeKind.FORCED, "Forced handover: " + o.skippedLsn() + " LSN skipped",
                        target + " was promoted at LSN " + o.reachedLsn() + ", short of the frontier " + o.frontierLsn()
                                + ": acknowledged writes in those " + o.skippedLsn() + " LSN are lost.");
            }
        } else if (result instanceof RunResult.Ended ended) {
            showFailure(ended.failure(), primary);
        } else if (result instanceof RunResult.NotStarted n) {
            set(OutcomeKind.NOT_STARTED, "Could not start", n.message());
        } else if (result instanceof RunResult.Broken b) {
            set(OutcomeKind.UNKNOWN, "Outcome unknown: verify the cluster", b.message());
            term.set("Term: verify");
            roles.set("Roles: verify");
        }
    }

    private void showFailure(FailoverException e, String primary) {
        if (e instanceof CatchUpTimedOut t) {
            set(OutcomeKind.ABORTED, "Aborted: writes resumed on " + primary,
                    "The target reached LSN " + t.reachedLsn() + " of " + t.frontierLsn() + " before the deadline "
                            + "passed. Nothing was committed; no write was lost.");
        } else if (e instanceof HandoverAborted a) {
            set(OutcomeKind.ABORTED, "Aborted: writes resumed on " + primary,
                    capitalise(a.getMessage()) + ".");
        } else if (e instanceof OutcomeUnknownException u) {
            set(OutcomeKind.UNKNOWN, "OUTCOME UNKNOWN: verify roles and term " + u.newTerm(), u.getMessage());
            term.set("Term: verify (" + u.newTerm() + " may be in force)");
            roles.set("Roles: verify");
        } else if (e instanceof WritesStillFrozenException f) {
            set(OutcomeKind.STILL_FROZEN, "WRITES STILL FROZEN on " + f.primary().id(), f.getMessage());
            frozen.set("Writes are STILL FROZEN on " + f.primary().id() + ": resume them by hand");
        }
    }

    private static String roleText(NodeRole role, FailoverRequest request) {
        if (role instanceof NodeRole.Replica r) {
            String upstream = r.primaryAddr().equals(request.target().addr()) ? request.target().id() : r.primaryAddr();
            return "replica of " + upstream;
        }
        return "primary";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void set(OutcomeKind k, String head, String text) {
        kind.set(k);
        headline.set(head);
        detail.set(text);
    }

    public ReadOnlyObjectProperty<OutcomeKind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty termProperty() {
        return term.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rolesProperty() {
        return roles.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty frozenProperty() {
        return frozen.getReadOnlyProperty();
    }
}
