package dev.handover.ui.outcome;

import dev.handover.cluster.Positions;
import dev.handover.core.AbortReason;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverException;
import dev.handover.core.HandoverAborted;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.WritesStillFrozenException;

import java.util.Optional;

/**
 * How a run that ended without a handover reads on the outcome panel: its kind, headline and detail, and
 * where it must replace the term, roles or frozen line. Apart from {@link OutcomeViewModel} because it only
 * words a failure; the view model decides what is shown.
 */
record FailureText(OutcomeKind kind, String headline, String detail, Optional<String> term, Optional<String> roles,
                   Optional<String> frozen) {

    private FailureText(OutcomeKind kind, String headline, String detail) {
        this(kind, headline, detail, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** How {@code e} ended the run, worded; empty for a failure this panel has no words for. */
    static Optional<FailureText> of(FailoverException e, String primary, String target, Positions p) {
        if (e instanceof CatchUpTimedOut t) {
            return Optional.of(new FailureText(OutcomeKind.ABORTED, "Aborted: writes resumed on " + primary,
                    "The target reached " + p.noun() + " " + p.position(t.reachedLsn()) + " of " + p.position(t.frontierLsn())
                            + " before the deadline passed. Nothing was committed; no write was lost."));
        } else if (e instanceof HandoverAborted a) {
            // Worded from the abort's data (the coordinator's own message writes plain numbers).
            String cause = a.getCause() == null || a.getCause().getMessage() == null ? ""
                    : " (" + a.getCause().getMessage() + ")";
            String reached = a.reason() == AbortReason.FREEZE_FAILED || a.frontierLsn() <= 0 ? ""
                    : " " + target + " had reached " + p.noun() + " " + p.position(a.reachedLsn()) + " of the frontier "
                      + p.position(a.frontierLsn()) + (a.frontierLsn() > a.reachedLsn()
                              ? " (" + p.amount(a.frontierLsn() - a.reachedLsn()) + " short)" : "") + ".";
            if (a.reason() == AbortReason.FREEZE_FAILED) { // nothing was frozen, so nothing was resumed
                return Optional.of(new FailureText(OutcomeKind.ABORTED, "Aborted: nothing frozen on " + primary,
                        capitalise(a.reason().description()) + cause + ". Nothing was frozen or committed; check that "
                                + primary + " answers (Refresh)."));
            }
            return Optional.of(new FailureText(OutcomeKind.ABORTED, "Aborted: writes resumed on " + primary,
                    capitalise(a.reason().description()) + cause + "." + reached + " Writes were resumed on " + primary
                            + "; nothing was committed, no write was lost."));
        } else if (e instanceof OutcomeUnknownException u) {
            return Optional.of(new FailureText(OutcomeKind.UNKNOWN, "OUTCOME UNKNOWN: verify roles and term " + u.newTerm(),
                    u.getMessage(), Optional.of("Term: verify (" + u.newTerm() + " may be in force)"),
                    Optional.of("Roles: verify"), Optional.empty()));
        } else if (e instanceof WritesStillFrozenException f) {
            return Optional.of(new FailureText(OutcomeKind.STILL_FROZEN, "WRITES STILL FROZEN on " + f.primary().id(),
                    f.getMessage(), Optional.empty(), Optional.empty(),
                    Optional.of("Writes are STILL FROZEN on " + f.primary().id() + ": resume them by hand")));
        }
        return Optional.empty();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
