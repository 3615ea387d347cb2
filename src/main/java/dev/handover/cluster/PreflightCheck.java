package dev.handover.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One line of the preflight checklist shown before a switchover starts.
 *
 * @param title       what was checked, e.g. "Target healthy"
 * @param verdict     pass, warn or fail
 * @param why         one line saying what was seen, e.g. "n2 applies nothing (stalled)"
 * @param suggestions on a failing line, the changes that would pass, best first; empty otherwise
 */
public record PreflightCheck(String title, Verdict verdict, String why, List<Suggestion> suggestions) {

    public enum Verdict { PASS, WARN, FAIL }

    public PreflightCheck {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(why, "why");
        suggestions = List.copyOf(suggestions);
    }

    public PreflightCheck(String title, Verdict verdict, String why) {
        this(title, verdict, why, List.of());
    }

    public static PreflightCheck pass(String title, String why) {
        return new PreflightCheck(title, Verdict.PASS, why);
    }

    public static PreflightCheck warn(String title, String why) {
        return new PreflightCheck(title, Verdict.WARN, why);
    }

    public static PreflightCheck fail(String title, String why) {
        return new PreflightCheck(title, Verdict.FAIL, why);
    }

    PreflightCheck suggesting(List<Suggestion> s) {
        return new PreflightCheck(title, verdict, why, s);
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }
}
