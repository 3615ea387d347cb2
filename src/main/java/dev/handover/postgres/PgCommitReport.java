package dev.handover.postgres;

import dev.handover.cluster.AfterRun;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL commit did, step by step, and what is left for a person to do (empty when
 * Handover could drive every node). Shown with the outcome; never holds a password.
 *
 * @param done      steps taken, in order, each {@code +S.mmms text} (time since the commit began)
 * @param remaining exact remaining steps, in order, when the old primary or a sibling could not be driven
 * @param rewound   whether the old primary needed pg_rewind before it could stream from the new primary
 */
public record PgCommitReport(List<String> done, List<String> remaining, boolean rewound) {
    /** How {@code PgCommit} stamps a step: {@code +0.071s stopped pg1 cleanly…}. */
    private static final Pattern STAMPED = Pattern.compile("\\+(\\d+)\\.(\\d{3})s (.*)", Pattern.DOTALL);

    public PgCommitReport {
        done = List.copyOf(done);
        remaining = List.copyOf(remaining);
    }

    public boolean complete() {
        return remaining.isEmpty();
    }

    /** The steps taken as data: the time stamp split from the text (a step without one keeps its text whole). */
    public List<AfterRun.Step> steps() {
        return done.stream().map(PgCommitReport::step).toList();
    }

    static AfterRun.Step step(String stamped) {
        Matcher m = STAMPED.matcher(stamped);
        if (!m.matches()) {
            return new AfterRun.Step(Optional.empty(), stamped);
        }
        Duration at = Duration.ofSeconds(Long.parseLong(m.group(1))).plusMillis(Long.parseLong(m.group(2)));
        return new AfterRun.Step(Optional.of(at), m.group(3));
    }
}
