package dev.handover.ui.outcome;

import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverAborted;
import dev.handover.core.NodeRole;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.ui.run.RunResult;
import dev.handover.postgres.PgAfterRun;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;


/**
 * The outcome panel: what happened in one line, what it means, the term, the roles, and how long
 * writes were frozen. Unknown and still-frozen outcomes are worded to be acted on, not admired. On a
 * real PostgreSQL cluster the commit's steps with their times, any steps left for a person, and the
 * verification of the new topology follow ({@link #showAfterRun}); steps left or a failed check are loud.
 */
public final class OutcomeViewModel {
    private final ReadOnlyObjectWrapper<OutcomeKind> kind = new ReadOnlyObjectWrapper<>(OutcomeKind.NONE);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No handover yet");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(
            "Pick a target and a mode, check the preflight, then Start.");
    private final ReadOnlyStringWrapper term = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper roles = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper frozen = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper check = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper checkLoud = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<String> afterRun = FXCollections.observableArrayList();
    private static final String NOT_YET = " (not yet: after the remaining steps)";

    /** Back to before any run, e.g. on another scenario. */
    public void reset() {
        kind.set(OutcomeKind.NONE);
        headline.set("No handover yet");
        detail.set("Pick a target and a mode, check the preflight, then Start.");
        term.set("");
        roles.set("");
        frozen.set("");
        clearAfterRun();
    }

    public void clear() {
        kind.set(OutcomeKind.NONE);
        headline.set("Run in progress");
        detail.set("The outcome shows here when the run ends.");
        term.set("");
        roles.set("");
        frozen.set("");
        clearAfterRun();
    }

    private void clearAfterRun() {
        check.set("");
        checkLoud.set(false);
        afterRun.clear();
    }

    /** A PostgreSQL commit happened: its report and the verification are on their way. */
    public void awaitAfterRun() {
        check.set("Verifying the new primary and its standbys…");
        checkLoud.set(false);
        afterRun.clear();
    }

    /** The commit's steps, what is left by hand and the verification: the same lines the CLI prints. */
    public void showAfterRun(PgAfterRun.Summary summary) {
        afterRun.setAll(summary.lines());
        if (summary.remainingSteps() && !roles.get().endsWith(NOT_YET)) {
            // The coordinator's roles are where the cluster is headed; the old primary gets there by hand.
            roles.set(roles.get() + NOT_YET);
        }
        if (summary.remainingSteps()) {
            check.set("REMAINING STEPS BY HAND: the old primary stays fenced until they are done (listed below)");
        } else if (!summary.verified()) {
            check.set("VERIFICATION FAILED: check the lines below and the cluster table");
        } else {
            check.set("Verified: new primary writable on the new timeline, every other node streaming from it");
        }
        checkLoud.set(summary.remainingSteps() || !summary.verified());
    }

    /**
     * @param request   what was asked
     * @param result    how it ended
     * @param writesFrozen how long writes were frozen: the run's one figure, which the debrief shows too
     */
    public void show(FailoverRequest request, RunResult result, FreezeSpan writesFrozen) {
        String primary = request.oldPrimary().id();
        String target = request.target().id();
        frozen.set(writesFrozen instanceof FreezeSpan.Never ? "Writes were never frozen"
                : writesFrozen instanceof FreezeSpan.NotResumed ? "Writes were frozen and have NOT been resumed"
                : "Writes were frozen for " + writesFrozen.text());
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

    /** One line on the PostgreSQL verification; empty on a simulated cluster. */
    public ReadOnlyStringProperty checkProperty() {
        return check.getReadOnlyProperty();
    }

    /** Steps are left for a person, or a check failed. */
    public ReadOnlyBooleanProperty checkLoudProperty() {
        return checkLoud.getReadOnlyProperty();
    }

    /** The commit's steps with their times, remaining steps, verification lines; empty on a simulated cluster. */
    public ObservableList<String> afterRun() {
        return afterRun;
    }
}
