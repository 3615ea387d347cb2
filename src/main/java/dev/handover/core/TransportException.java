package dev.handover.core;

/** A cluster mutation or reading failed: the node could not be reached, refused, or answered nonsense. */
public class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
