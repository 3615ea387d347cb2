package dev.handover.postgres;

import dev.handover.cluster.TopologyCheck;

import java.util.List;

/**
 * The checks after a committed handover, for the outcome view and the CLI: the new primary writes
 * on the new timeline, the old primary and every sibling stream from it.
 */
public record PgVerification(List<Check> checks) {

    public PgVerification {
        checks = List.copyOf(checks);
    }

    /**
     * One check: what was checked, whether it held, and what was seen. {@code settled} is false for
     * a failure that may still resolve by itself (a standby reconnecting), true otherwise.
     * {@code severity} says whether a failure degrades the topology (the default) or is only reported.
     */
    public record Check(String what, boolean ok, String seen, boolean settled, TopologyCheck.Severity severity) {
        public Check {
            java.util.Objects.requireNonNull(severity, "severity");
        }

        public Check(String what, boolean ok, String seen) {
            this(what, ok, seen, ok);
        }

        public Check(String what, boolean ok, String seen, boolean settled) {
            this(what, ok, seen, settled, TopologyCheck.Severity.DEGRADING);
        }

        /** The same check, reported only: a failure does not degrade the topology. */
        public Check advisory() {
            return new Check(what, ok, seen, settled, TopologyCheck.Severity.ADVISORY);
        }

        public TopologyCheck toTopologyCheck() {
            return new TopologyCheck(what, ok, seen == null ? "" : seen, severity);
        }

        public String line() {
            String mark = ok ? "ok      " : severity == TopologyCheck.Severity.ADVISORY ? "note    " : "FAILED  ";
            return mark + what + (seen == null || seen.isEmpty() ? "" : " (" + seen + ")");
        }
    }

    /** Every degrading check held (advisory ones may have failed). */
    public boolean ok() {
        return checks.stream().allMatch(c -> c.ok() || c.severity() == TopologyCheck.Severity.ADVISORY);
    }

    public List<String> lines() {
        return checks.stream().map(Check::line).toList();
    }

    public List<TopologyCheck> topologyChecks() {
        return checks.stream().map(Check::toTopologyCheck).toList();
    }
}
