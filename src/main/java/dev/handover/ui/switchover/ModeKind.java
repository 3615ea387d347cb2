package dev.handover.ui.switchover;

import dev.handover.core.FailoverMode;

import java.time.Duration;

/** The two ways to run, as the form offers them; turned into a {@link FailoverMode} with the deadline. */
public enum ModeKind {
    COORDINATED("Coordinated", "Deadline"),
    FORCE("Force", "Timeout");

    private final String label;
    private final String deadlineLabel;

    ModeKind(String label, String deadlineLabel) {
        this.label = label;
        this.deadlineLabel = deadlineLabel;
    }

    public String label() {
        return label;
    }

    /** What the deadline field is called in this mode. */
    public String deadlineLabel() {
        return deadlineLabel;
    }

    public FailoverMode with(Duration deadline) {
        return this == FORCE ? new FailoverMode.Force(deadline) : new FailoverMode.Coordinated(deadline);
    }
}
