package dev.handover.core;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's Abort, shared between the console and the coordinator thread. Cancelling and
 * starting the commit race on one atomic state, so an abort either wins (nothing is committed) or
 * is refused (the commit had already begun) — never both.
 */
public final class Cancellation {
    private enum State { OPEN, CANCELLED, COMMITTING }

    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    /** Ask the run to abort. Returns false when the commit has already begun and can no longer be stopped. */
    public boolean cancel() {
        return state.compareAndSet(State.OPEN, State.CANCELLED) || state.get() == State.CANCELLED;
    }

    public boolean isCancelled() {
        return state.get() == State.CANCELLED;
    }

    /** Called by the coordinator right before committing; false when an abort got in first. */
    boolean beginCommit() {
        return state.compareAndSet(State.OPEN, State.COMMITTING);
    }
}
