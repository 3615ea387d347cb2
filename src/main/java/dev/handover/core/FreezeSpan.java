package dev.handover.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long one run kept writes frozen, read from its events: from the freeze to the commit or the
 * resume. The one computation behind every place that shows it (the outcome panel, the CLI, the
 * debrief, a run replayed from the journal), taken at the journal's precision, whole milliseconds of
 * each event, so a live run and its record can never differ by how two instants were rounded.
 */
public sealed interface FreezeSpan {

    /** Writes were never frozen: the freeze failed, or the run never got that far. */
    record Never() implements FreezeSpan {
        @Override
        public Optional<Duration> length() {
            return Optional.empty();
        }

        @Override
        public String text() {
            return "never";
        }
    }

    /** Frozen from the freeze until the run committed or resumed writes. */
    record Ended(Duration frozenFor) implements FreezeSpan {
        @Override
        public Optional<Duration> length() {
            return Optional.of(frozenFor);
        }

        @Override
        public String text() {
            return Durations.format(frozenFor);
        }
    }

    /**
     * The freeze lease lapsed during the run: the primary took writes again by itself at some moment
     * the run could not see, before it found the lease gone at {@code atMost} after the freeze.
     */
    record Lapsed(Duration atMost) implements FreezeSpan {
        @Override
        public Optional<Duration> length() {
            return Optional.of(atMost);
        }

        @Override
        public String text() {
            return "at most " + Durations.format(atMost) + " (the freeze lease lapsed during the run: writes "
                    + "resumed by themselves before that, at a moment the run could not see)";
        }
    }

    /** The run did not resume writes (still frozen, outcome unknown, unfinished): frozen at least this long. */
    record NotResumed(Duration atLeast) implements FreezeSpan {
        @Override
        public Optional<Duration> length() {
            return Optional.of(atLeast);
        }

        @Override
        public String text() {
            return "at least " + Durations.format(atLeast) + " (the run did not resume them)";
        }
    }

    static FreezeSpan of(List<HandoverEvent> events) {
        Long frozenAt = null;
        long lastAt = 0;
        for (HandoverEvent e : events) {
            long at = e.at().toMillis();
            lastAt = at;
            if (e instanceof HandoverEvent.Frozen && frozenAt == null) {
                frozenAt = at;
            } else if (frozenAt != null && e instanceof HandoverEvent.Committed) {
                return new Ended(Duration.ofMillis(at - frozenAt));
            } else if (frozenAt != null && e instanceof HandoverEvent.Resumed) {
                Duration span = Duration.ofMillis(at - frozenAt);
                return leaseLost(events) ? new Lapsed(span) : new Ended(span);
            }
        }
        return frozenAt == null ? new Never() : new NotResumed(Duration.ofMillis(lastAt - frozenAt));
    }

    /** The longest writes may have been frozen (the figure scored and shown); empty when never. */
    Optional<Duration> length();

    /** The figure in words: "19ms", "at most 6s (…)", "at least 3s (…)", "never". */
    String text();

    private static boolean leaseLost(List<HandoverEvent> events) {
        return events.stream().anyMatch(e -> e instanceof HandoverEvent.Aborted a && a.reason() == AbortReason.LEASE_LOST);
    }
}
