package dev.handover.cli;

/** The headless command's exit codes; scripts branch on them. */
public enum ExitCode {
    /** Zero-RPO handover (or a command that only reads). */
    OK(0),
    /** Bad input: a flag, value, file or target was wrong; nothing was run. */
    BAD_INPUT(1),
    /** Aborted: nothing committed, writes resumed on the old primary. */
    ABORTED(2),
    /** Forced handover that skipped LSNs: acknowledged writes were lost, the report says how many. */
    FORCED(3),
    /** Outcome unknown, or writes still frozen: a human must check the cluster. */
    UNKNOWN(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
