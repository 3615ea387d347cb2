package dev.handover.core;

/** Receives every {@link HandoverEvent} of a run, on the coordinator's thread, in order. */
@FunctionalInterface
public interface HandoverListener {
    HandoverListener NONE = event -> { };

    void on(HandoverEvent event);

    /** Both listeners, this one first. */
    default HandoverListener andThen(HandoverListener next) {
        return event -> {
            on(event);
            next.on(event);
        };
    }
}
