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

    /** Lines to print; empty when the run committed nothing (the coordinator's message says it all). */
    public static List<String> lines(PgCluster cluster, PgTransport tx, long newTerm) {
        List<String> out = new ArrayList<>();
        if (tx.commitReport().isEmpty()) {
            return out;
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
        return out;
    }
}
