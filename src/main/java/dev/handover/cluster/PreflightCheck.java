package dev.handover.cluster;

import java.util.Objects;

/**
 * One line of the preflight checklist shown before a switchover starts.
 *
 * @param title   what was checked, e.g. "Target healthy"
 * @param verdict pass, warn or fail
 * @param why     one line saying what was seen, e.g. "n2 applies nothing (stalled)"
 */
public record PreflightCheck(String title, Verdict verdict, String why) {

    public enum Verdict { PASS, WARN, FAIL }

    public PreflightCheck {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(why, "why");
    }

    static PreflightCheck pass(String title, String why) {
        return new PreflightCheck(title, Verdict.PASS, why);
    }

    static PreflightCheck warn(String title, String why) {
        return new PreflightCheck(title, Verdict.WARN, why);
    }

    static PreflightCheck fail(String title, String why) {
        return new PreflightCheck(title, Verdict.FAIL, why);
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }
}
