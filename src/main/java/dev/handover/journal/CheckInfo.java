package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One check of the topology.
 *
 * @param severity degrading (a failure leaves the topology degraded) | advisory (reported only)
 */
public record CheckInfo(String what, boolean ok, String seen, String severity) {
    /** Failed, and its failure degrades the topology (an unknown severity counts as degrading). */
    @JsonIgnore
    public boolean degrades() {
        return !ok && !"advisory".equals(severity);
    }
}
