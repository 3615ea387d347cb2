package dev.handover.ui.recovery;

import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;

/** One run needing the operator's attention, as the prompt shows it: what happened and what to do. */
public record RecoveryItem(String runId, String headline, String advice, RecoveryAction action) {

    static RecoveryItem of(Recovery r) {
        String what = switch (r.action()) {
            case RESUME_WRITES -> "RESUME WRITES on " + r.primary() + (r.primaryAddr() == null ? "" : " (" + r.primaryAddr() + ")");
            case VERIFY_ROLES -> "VERIFY ROLES: is " + r.target() + " primary under term " + r.newTerm() + "?";
            case NONE -> "Nothing left frozen: acknowledge it";
        };
        return new RecoveryItem(r.runId(), "Run " + r.runId() + " on " + r.cluster() + " (" + r.primary() + " → "
                + r.target() + "): " + what, r.advice(), r.action());
    }
}
