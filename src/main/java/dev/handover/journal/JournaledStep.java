package dev.handover.journal;

import dev.handover.cluster.StepJournal;

import java.time.Instant;

/**
 * One line of a backend's step around the cluster, as the journal holds it (see {@link StepJournal}): the
 * intent written before the step, or the event after it.
 *
 * @param at      when the line was written (wall clock)
 * @param step    {@code pause}, {@code retarget}, {@code resume}, or another step a backend names
 * @param subject what it was taken on, e.g. {@code pgb1/app} or {@code pgb1 -> pg2}
 * @param phase   {@link Phase#INTENT}, {@link Phase#DONE} or {@link Phase#FAILED}
 * @param seen    what was seen after it (events only), e.g. {@code SHOW DATABASES: paused}
 */
public record JournaledStep(Instant at, String step, String subject, Phase phase, String seen) {

    public enum Phase {
        /** About to be taken: it may have taken effect. */
        INTENT,
        /** Taken, and seen to have taken effect. */
        DONE,
        /** Failed, or seen not to have taken effect. */
        FAILED
    }

    /** {@code intent pause pgb1/app}, {@code done resume pgb1/app (SHOW DATABASES: not paused)}. */
    public String text() {
        return phase.name().toLowerCase(java.util.Locale.ROOT) + " " + step + " " + subject
                + (seen == null || seen.isEmpty() ? "" : " (" + seen + ")");
    }

    /**
     * The subjects {@code steps} held (a {@code pause} intended or done) and never let go (no {@code resume}
     * seen done after it, nor the pause seen failing), in the order they were paused.
     */
    public static java.util.List<String> held(java.util.List<JournaledStep> steps) {
        java.util.Set<String> held = new java.util.LinkedHashSet<>();
        for (JournaledStep s : steps) {
            if (StepJournal.PAUSE.equals(s.step())) {
                if (s.phase() == Phase.FAILED) {
                    held.remove(s.subject());
                } else {
                    held.add(s.subject());
                }
            } else if (StepJournal.RESUME.equals(s.step()) && s.phase() == Phase.DONE) {
                held.remove(s.subject());
            }
        }
        return java.util.List.copyOf(held);
    }
}
