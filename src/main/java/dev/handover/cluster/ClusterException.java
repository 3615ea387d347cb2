package dev.handover.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A cluster could not be opened, read, or asked for a transport; the message names what and why. One about a file
 * ({@link #inFile}) keeps the file, the words that name it, and the rest apart, so a caller that names the file
 * itself (the console's "Could not open scenario file F") says it once without reading the message back, and the
 * CLI knows a message that names its {@code --cluster} address.
 */
public class ClusterException extends Exception {
    private final Path file;
    private final String subject;
    private final String afterSubject;

    public ClusterException(String message) {
        this(message, (Throwable) null);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
        this.subject = null;
        this.afterSubject = message;
    }

    private ClusterException(Path file, String subject, String afterSubject, Throwable cause) {
        super(subject + afterSubject, cause);
        this.file = file;
        this.subject = subject;
        this.afterSubject = afterSubject;
    }

    /** "{@code file}: {@code reason}". */
    public static ClusterException inFile(Path file, String reason) {
        return new ClusterException(file, file.toString(), ": " + reason, null);
    }

    /**
     * "{@code subject}{@code afterSubject}": {@code subject} names {@code file} in the message's own words (the file,
     * "scenario file F", the address "pg:F"); {@code afterSubject} starts with its own separator (": no such file",
     * " (line 3, column 5): nodes: …").
     */
    public static ClusterException inFile(Path file, String subject, String afterSubject, Throwable cause) {
        return new ClusterException(file, subject, afterSubject, cause);
    }

    /** "{@code subject}{@code afterSubject}" about something that is not a readable file (an address whose path is invalid). */
    public static ClusterException naming(String subject, String afterSubject) {
        return new ClusterException(null, subject, afterSubject, null);
    }

    /** The file the problem is in, when the message names one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The words the message names the file with, when it names one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The message after its subject, separator first; the whole message when it names no file. */
    public String afterSubject() {
        return afterSubject;
    }
}
