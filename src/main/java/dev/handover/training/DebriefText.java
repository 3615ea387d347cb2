package dev.handover.training;

import dev.handover.core.Durations;

import java.util.ArrayList;
import java.util.List;

/** A debrief as plain lines, for the headless command (the console lays out the same fields itself). */
public final class DebriefText {
    private DebriefText() {
    }

    public static List<String> lines(Debrief d) {
        List<String> out = new ArrayList<>();
        out.add("DEBRIEF: score " + d.score() + "/" + Debrief.FULL_SCORE + " (" + d.result() + ")");
        for (TimelineEntry t : d.timeline()) {
            String time = "+" + Durations.format(t.at());
            out.add("  " + time + " ".repeat(Math.max(1, 9 - time.length())) + t.text());
        }
        out.add("  Writes frozen: " + d.writesFrozen().text() + (d.writesLeftFrozen() ? ", AND LEFT FROZEN" : ""));
        out.add("  Acknowledged writes lost: " + d.lostWrites().map(String::valueOf)
                .orElse("not counted (real cluster); " + d.skippedText() + " skipped"));
        out.add("  Target: " + d.target().verdict());
        out.add("  Mode: " + d.mode().verdict());
        d.forcePrompt().ifPresent(p -> out.add("  Force prompt: " + p.decision() + " after " + Durations.format(p.took())
                + " of " + Durations.format(p.window())));
        if (d.deductions().isEmpty()) {
            out.add("  Full marks: the best target, coordinated, zero RPO, writes frozen only briefly.");
        } else {
            out.add("  Why not " + Debrief.FULL_SCORE + ":");
            d.reasons().forEach(r -> out.add("    " + r));
        }
        return out;
    }
}
