package dev.handover.journal;

import java.util.Locale;
import java.util.Optional;

/**
 * The journal's codec for names: the one place a run's vocabulary turns into the words a record holds and back.
 * An enum constant is written lower case with dashes ({@link Result#FORCED} is {@code forced},
 * {@link EventType#OUTCOME_UNKNOWN} {@code outcome-unknown}, an {@code AbortReason} {@code catch-up-timed-out});
 * an outcome's reason is an AbortReason's word or an {@link EndReason}'s. Everything else in the code switches over the types;
 * {@code ArchitectureTest} fails on one of these names written as a literal anywhere but here.
 */
public final class JournalNames {
    /** An outcome's reason as a record spells it (an abort's is its AbortReason's word). */
    static final String COMMIT_FAILED = wire(EndReason.COMMIT_FAILED);
    static final String RESUME_FAILED = wire(EndReason.RESUME_FAILED);
    static final String UNFINISHED = wire(EndReason.UNFINISHED);
    static final String VETOED = wire(EndReason.VETOED);

    /** A request's mode as a record (and {@code --mode}) spells it. */
    public static final String COORDINATED = "coordinated";
    public static final String FORCE = "force";
    /** Every mode word, coordinated first. */
    public static final java.util.List<String> MODES = java.util.List.of(COORDINATED, FORCE);

    private JournalNames() {
    }

    /** How a record spells {@code mode}. */
    public static String mode(dev.handover.core.FailoverMode mode) {
        return mode.isForce() ? FORCE : COORDINATED;
    }

    /** What an outcome's recorded {@code reason} says. */
    static EndReason endReason(String reason) {
        if (reason == null) {
            return EndReason.NONE;
        }
        if (parse(dev.handover.core.AbortReason.class, reason).isPresent()) {
            return EndReason.ABORT;
        }
        return parse(EndReason.class, reason).filter(r -> r != EndReason.ABORT && r != EndReason.NONE
                && r != EndReason.OTHER).orElse(EndReason.OTHER);
    }

    /** How a record spells {@code name}: {@code catch-up-timed-out} for {@code CATCH_UP_TIMED_OUT}. */
    public static String wire(Enum<?> name) {
        return name.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant a record's {@code word} names, whatever its case; empty for a word this build does not know. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String word) {
        if (word == null) {
            return Optional.empty();
        }
        String name = word.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
