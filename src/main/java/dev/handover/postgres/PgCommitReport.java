package dev.handover.postgres;

import dev.handover.cluster.AfterRun;

import java.util.List;
import java.util.Locale;

/**
 * What a PostgreSQL commit did, step by step, and what is left for a person to do (empty when
 * Handover could drive every node). Shown with the outcome; never holds a password.
 *
 * @param steps     steps taken, in order, each with its time since the commit began
 * @param remaining exact remaining steps, in order, when the old primary or a sibling could not be driven
 * @param rewound   whether the old primary needed pg_rewind before it could stream from the new primary
 */
public record PgCommitReport(List<AfterRun.Step> steps, List<String> remaining, boolean rewound) {

    public PgCommitReport {
        steps = List.copyOf(steps);
        remaining = List.copyOf(remaining);
    }

    public boolean complete() {
        return remaining.isEmpty();
    }

    /** The steps taken as lines, each stamped with its time: {@code +0.071s stopped pg1 cleanly…}. */
    public List<String> done() {
        return steps.stream().map(PgCommitReport::stamped).toList();
    }

    static String stamped(AfterRun.Step s) {
        return s.at().map(at -> String.format(Locale.ROOT, "+%d.%03ds ", at.toSeconds(), at.toMillisPart())).orElse("")
                + s.text();
    }
}
