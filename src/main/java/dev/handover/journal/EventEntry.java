package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Optional;

/**
 * One event of the run at {@code atMs} since the run began. {@code type} is an {@link EventType} as
 * {@link JournalNames} spells it (read it as {@link #kind()}; the word stays as written, so a type a newer build
 * wrote survives an export); the other fields are present when that type has them. {@code readings} is on a kept
 * poll that stands for more than one reading (the ones the record left out before it, see {@link PollThinning});
 * absent means one, as in every record written before readings were thinned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                         Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                         Long waitedMs, String message, Long readings, String step, String subject) {
    public EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                      Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                      Long waitedMs, String message, Long readings) {
        this(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm, forced, waitedMs,
                message, readings, null, null);
    }

    public EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                      Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                      Long waitedMs, String message) {
        this(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm, forced, waitedMs,
                message, null);
    }

    /** A backend's step around the cluster (see {@link dev.handover.cluster.StepJournal}), with what was seen. */
    static EventEntry step(long atMs, boolean tookEffect, String step, String subject, String seen) {
        return new EventEntry(atMs, (tookEffect ? EventType.STEP_DONE : EventType.STEP_FAILED).wire(), null, null, null, null, null, null, null, null,
                null, seen, null, step, subject);
    }

    /** Whether this is a backend's step rather than a coordinator event. */
    public boolean stepAroundCluster() {
        return kind() == EventType.STEP_DONE || kind() == EventType.STEP_FAILED;
    }

    /** The force prompt's answer an {@code approval-decided} entry holds; empty for any other. */
    public Optional<dev.handover.core.ForceDecision> forceDecision() {
        return JournalNames.parse(dev.handover.core.ForceDecision.class, decision);
    }

    /** The entry's type; {@link EventType#OTHER} for one a newer build wrote (its word still in {@code type}). */
    public EventType kind() {
        return EventType.of(type);
    }

    EventEntry redacted() {
        return new EventEntry(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm,
                forced, waitedMs, Secrets.redact(message), readings, step, subject);
    }

    /** The same entry standing for {@code n} readings. */
    EventEntry standingFor(long n) {
        return new EventEntry(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm,
                forced, waitedMs, message, n == 1 ? null : n, step, subject);
    }

    /** How many readings this entry stands for: 1 for every event but a thinned poll. */
    public long readingCount() {
        return readings == null ? 1 : readings;
    }
}
