package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Optional;

/**
 * How a run ended, as its record says.
 *
 * @param result       committed | forced | aborted | unknown (also for writes left frozen), never unfinished
 * @param topology     healthy | degraded, when the backend read the topology back after a commit
 *                     (PostgreSQL); absent otherwise (the simulator's state is the observation, or nothing
 *                     was committed). A committed or forced run whose topology is degraded needs hands.
 * @param writesFrozen whether writes may still be frozen on the old primary after the run
 * @param newTerm      the term handed over (committed, forced) or attempted (unknown); absent when aborted
 * @param skippedLsn   LSNs a forced commit skipped; 0 when the run committed at the frontier or handed nothing
 *                     over; absent when the result is unknown (whether anything was skipped is not known, so the
 *                     record never says 0 there, also for records written before this rule)
 * @param reason       why an aborted or unknown run stopped (an abort reason, "commit failed", "resume failed")
 * @param roles        roles after a handover: as read back from the nodes where the topology was verified,
 *                     else as the simulated cluster holds them; empty when nothing was committed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"result", "topology"})
public record OutcomeInfo(Result result, String topology, boolean writesFrozen, Long newTerm, long frontierLsn,
                          long reachedLsn, Long skippedLsn, boolean forced, long waitedMs, List<RunReport.RoleInfo> roles,
                          String reason, String message) {
    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";

    public OutcomeInfo {
        roles = roles == null ? List.of() : List.copyOf(roles);
        result = result == null ? Result.UNKNOWN : result; // a record without one: nobody knows how it ended
        skippedLsn = result == Result.UNKNOWN ? null : (skippedLsn == null ? Long.valueOf(0) : skippedLsn);
    }

    /** An outcome whose topology was not read back. */
    public OutcomeInfo(Result result, boolean writesFrozen, Long newTerm, long frontierLsn, long reachedLsn,
                       Long skippedLsn, boolean forced, long waitedMs, List<RunReport.RoleInfo> roles, String reason,
                       String message) {
        this(result, null, writesFrozen, newTerm, frontierLsn, reachedLsn, skippedLsn, forced, waitedMs, roles,
                reason, message);
    }

    /**
     * A run a pre-switchover hook vetoed ({@code why}): aborted before anything was frozen, with reason
     * {@code vetoed}.
     */
    public static OutcomeInfo vetoed(long targetFrontierHint, String why) {
        return new OutcomeInfo(Result.ABORTED, false, null, 0, targetFrontierHint, 0L, false, 0, List.of(),
                JournalNames.VETOED, why);
    }

    /** What {@code reason} says, typed; {@link EndReason#ABORT} for an abort's reason ({@link #abortReason()}). */
    @JsonIgnore
    public EndReason why() {
        return JournalNames.endReason(reason);
    }

    /** The abort's reason, when {@code reason} is one. */
    @JsonIgnore
    public Optional<dev.handover.core.AbortReason> abortReason() {
        return JournalNames.parse(dev.handover.core.AbortReason.class, reason);
    }

    /** Handed over (committed or forced) but the topology was seen degraded: a person has steps to take. */
    @JsonIgnore
    public boolean degraded() {
        return DEGRADED.equals(topology) && result.handedOver();
    }
}
