package dev.handover.postgres;

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
     */
    public record Check(String what, boolean ok, String seen, boolean settled) {
        public Check(String what, boolean ok, String seen) {
            this(what, ok, seen, ok);
        }

        public String line() {
            return (ok ? "ok      " : "FAILED  ") + what + (seen.isEmpty() ? "" : " (" + seen + ")");
        }
    }

    public boolean ok() {
        return checks.stream().allMatch(Check::ok);
    }

    public List<String> lines() {
        return checks.stream().map(Check::line).toList();
    }
}
