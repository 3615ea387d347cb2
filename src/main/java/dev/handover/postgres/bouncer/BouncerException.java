package dev.handover.postgres.bouncer;

/** A bouncer step that did not happen; the message says what was done about it (resumed, still paused). */
public final class BouncerException extends Exception {
    public BouncerException(String message) {
        super(message);
    }
}
