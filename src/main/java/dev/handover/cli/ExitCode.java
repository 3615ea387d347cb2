package dev.handover.cli;

/** The headless command's exit codes; scripts branch on them. */
public enum ExitCode {
    /** Zero-RPO handover (or a command that only reads; {@code status}: every node healthy, one primary). */
    OK(0),
    /** Bad input: a flag, value, file or target was wrong; nothing was run. */
    BAD_INPUT(1),
    /** Aborted: nothing committed, writes resumed on the old primary. */
    ABORTED(2),
    /** Forced handover that skipped LSNs: acknowledged writes were lost, the report says how many. */
    FORCED(3),
    /** Outcome unknown, or writes still frozen: a human must check the cluster. */
    UNKNOWN(4),
    /**
     * Committed (zero RPO or forced), but the topology was seen degraded afterwards: a node not streaming
     * from the new primary, a failed check, or steps left by hand (the report lists them). Outranks 3: the
     * report still says forced and how much was skipped, but this one needs hands now. {@code status}: some node is
     * degraded (stalled receiver, paused apply, not streaming, frozen, ahead of the primary) or unreachable, or no
     * node serves as primary.
     */
    DEGRADED(5),
    /** {@code plan}: a check or probe failed; the run would likely fail or do harm. Nothing was changed. */
    NO_GO(6),
    /**
     * {@code status}: split brain, two or more nodes take writes at once. Outranks 5: nothing may be switched over or
     * repaired automatically until one of them is stopped or fenced by hand.
     */
    SPLIT_BRAIN(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
