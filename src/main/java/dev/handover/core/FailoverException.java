package dev.handover.core;

/**
 * Why a run did not hand over the term cleanly. Each subclass says, in its message, what state
 * the cluster was left in: resumed, unknown, or still frozen.
 */
public abstract sealed class FailoverException extends Exception
        permits CatchUpTimedOut, HandoverAborted, OutcomeUnknownException, WritesStillFrozenException {

    FailoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
