package dev.handover.cluster;

/** A cluster could not be opened, read, or asked for a transport; the message names what and why. */
public class ClusterException extends Exception {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
