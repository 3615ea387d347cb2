package dev.handover.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to show after a run on PostgreSQL, for the CLI and the console alike: the commit's steps,
 * any steps left for a person, and the verification of the new topology.
 */
public final class PgAfterRun {
    /** Standbys reconnect and follow the new timeline within a second or two on a healthy network. */
    public static final Duration VERIFY_WAIT = Duration.ofSeconds(30);

    private PgAfterRun() {
    }

    /**
     * The after-run text and what it adds up to, so a window can make the bad cases loud.
     *
     * @param lines          what the CLI prints, line by line; empty when nothing was committed
     * @param remainingSteps whether a person still has steps to take (the old primary had no local control, or the commit stopped part-way)
     * @param verified       whether every verification check held
     */
    public record Summary(List<String> lines, boolean remainingSteps, boolean verified) {
        public Summary {
            lines = List.copyOf(lines);
        }

        public boolean committed() {
            return !lines.isEmpty();
        }
    }

    /** Lines to print; empty when the run committed nothing (the coordinator's message says it all). */
    public static List<String> lines(PgCluster cluster, PgTransport tx, long newTerm) {
        return summary(cluster, tx, newTerm).lines();
    }

    /** The commit's steps, the remaining ones, and the verification (waits up to {@link #VERIFY_WAIT}). */
    public static Summary summary(PgCluster cluster, PgTransport tx, long newTerm) {
        List<String> out = new ArrayList<>();
        if (tx.commitReport().isEmpty()) {
            return new Summary(out, false, false);
        }
        PgCommitReport report = tx.commitReport().get();
        out.add("PostgreSQL commit:");
        report.done().forEach(step -> out.add("  " + step));
        if (!report.complete()) {
            out.add("REMAINING STEPS, by hand:");
            for (int i = 0; i < report.remaining().size(); i++) {
                out.add("  " + (i + 1) + ". " + report.remaining().get(i));
            }
        }
        PgVerification v = cluster.verify(tx.target().id(), newTerm, VERIFY_WAIT);
        out.add("Verification:" + (v.ok() ? " all checks hold" : " SOME CHECKS FAILED"));
        v.lines().forEach(line -> out.add("  " + line));
        return new Summary(out, !report.complete(), v.ok());
    }
}
