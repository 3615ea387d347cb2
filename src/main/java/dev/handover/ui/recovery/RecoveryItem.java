package dev.handover.ui.recovery;

import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One run needing the operator's attention, as the prompt shows it: what happened and what to do.
 *
 * @param cluster the cluster the run was on, as journaled ({@code sim:…}, {@code pg:<definition file>})
 */
public record RecoveryItem(String runId, String headline, String advice, RecoveryAction action, String cluster) {
    static final String POSTGRES = "pg:";

    static RecoveryItem of(Recovery r) {
        String what = switch (r.action()) {
            case RESUME_WRITES -> "RESUME WRITES on " + r.primary() + (r.primaryAddr() == null ? "" : " (" + r.primaryAddr() + ")");
            case VERIFY_ROLES -> "VERIFY ROLES: is " + r.target() + " primary under term " + r.newTerm() + "?";
            case CHECK_TOPOLOGY -> "TOPOLOGY DEGRADED: " + r.target() + " took over; take the remaining steps";
            case NONE -> "Nothing left frozen: acknowledge it";
        };
        StringBuilder advice = new StringBuilder(r.advice());
        for (int i = 0; i < r.remainingSteps().size(); i++) {
            advice.append('\n').append(i + 1).append(". ").append(r.remainingSteps().get(i));
        }
        return new RecoveryItem(r.runId(), "Run " + r.runId() + " on " + r.cluster() + " (" + r.primary() + " → "
                + r.target() + "): " + what, advice.toString(), r.action(), r.cluster());
    }

    /**
     * The PostgreSQL cluster's definition file, when the run was on one and may have left a freeze: its
     * freeze cannot lapse by itself, so the prompt offers to release it.
     */
    public Optional<Path> postgresDefinition() {
        // A degraded topology after a commit is no stale freeze: the frozen node is a fenced old primary.
        if (!cluster.startsWith(POSTGRES) || action == RecoveryAction.NONE || action == RecoveryAction.CHECK_TOPOLOGY) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(cluster.substring(POSTGRES.length())));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
