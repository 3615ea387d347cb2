package dev.handover.sim;

import java.time.Duration;

/**
 * Something the simulated cluster did on its own or was told to do: a fault, a lease lapse, a commit.
 *
 * @param at    simulated time it happened (a fault: when it was injected, or the time it was scripted for)
 * @param fault whether it is a fault (injected from outside or scripted by the scenario), not the cluster's own doing
 */
public record SimNote(Duration at, String text, boolean fault) {
    public SimNote(Duration at, String text) {
        this(at, text, false);
    }
}
