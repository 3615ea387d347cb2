package dev.handover.cli;

/** Input the CLI refuses before running anything: exit code 1 and this one message on stderr. */
public final class BadInput extends Exception {
    public BadInput(String message) {
        super(message);
    }
}
