package dev.handover.ui.outcome;

/**
 * One line of what the backend read back after a commit, as the outcome panel and the event log show
 * it, with how it should look: the tone comes from the data (a failed check, a step left by hand),
 * never from the wording.
 */
public record AfterRunLine(String text, Tone tone) {

    public enum Tone {
        /** A section title: the commit's steps, the remaining steps, the verification. */
        HEADING,
        /** A step the commit took, or a check that held. */
        PLAIN,
        /** A failed advisory check: worth a look, degrades nothing. */
        NOTE,
        /** A step left by hand, a failed check, a degraded verification: loud. */
        BAD
    }
}
