package dev.handover.cli;

import dev.handover.core.Durations;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;

import java.io.PrintStream;

/**
 * The commit's steps printed as they are taken ("stopped pg1 cleanly …", "asking pg2 to promote, 12 s …"), one
 * line each, flushed at once: a commit that waits is seen waiting, not silent until the run ends. The run's
 * timeline, printed after, leaves these steps out (they were said here).
 */
final class CommitProgress implements HandoverListener {
    private final PrintStream out;
    private boolean headed;

    CommitProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void on(HandoverEvent event) {
        if (event instanceof HandoverEvent.CommitStep c) {
            if (!headed) {
                out.println("  committing:");
                headed = true;
            }
            String time = "+" + Durations.format(c.at());
            out.println("    " + time + " ".repeat(Math.max(1, 9 - time.length())) + c.step());
            out.flush();
        }
    }
}
