package dev.handover.postgres;

import java.util.List;

/**
 * What a PostgreSQL commit did, step by step, and what is left for a person to do (empty when
 * Handover could drive every node). Shown with the outcome; never holds a password.
 *
 * @param done      steps taken, in order
 * @param remaining exact remaining steps, in order, when the old primary or a sibling could not be driven
 * @param rewound   whether the old primary needed pg_rewind before it could stream from the new primary
 */
public record PgCommitReport(List<String> done, List<String> remaining, boolean rewound) {

    public PgCommitReport {
        done = List.copyOf(done);
        remaining = List.copyOf(remaining);
    }

    public boolean complete() {
        return remaining.isEmpty();
    }
}
