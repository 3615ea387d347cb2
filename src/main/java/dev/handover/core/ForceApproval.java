package dev.handover.core;

import java.time.Duration;

/**
 * Consulted when a Force run reaches its timeout with skipped LSNs, before anything is committed.
 * Implementations must answer within {@link #window()}; an answer that comes later is treated as
 * {@link ForceDecision#LAPSED}, because the operator approved a loss that may since have grown.
 */
public interface ForceApproval {

    /** How long the operator has to decide; writes stay frozen meanwhile. */
    Duration window();

    /** Ask, block until answered or the window elapses. */
    ForceDecision decide(ForcePrompt prompt);

    /** An approval that always answers the same, for scripted drills and tests. */
    static ForceApproval always(ForceDecision decision, Duration window) {
        return new ForceApproval() {
            @Override
            public Duration window() {
                return window;
            }

            @Override
            public ForceDecision decide(ForcePrompt prompt) {
                return decision;
            }
        };
    }
}
