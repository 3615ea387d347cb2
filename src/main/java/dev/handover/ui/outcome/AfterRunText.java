package dev.handover.ui.outcome;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backend read back after a run, worded: the commit's steps with their times, the steps left by
 * hand, every check, and the roles as seen. Apart from {@link OutcomeViewModel} because the event log words
 * the same evidence, and none of it holds state.
 */
final class AfterRunText {
    private AfterRunText() {
    }

    /** The backend's evidence as lines with their tone, in the order it happened: for the event log. */
    static List<AfterRunLine> lines(AfterRun a) {
        List<AfterRunLine> out = new ArrayList<>(doneLines(a));
        out.addAll(remainingLines(a));
        out.addAll(checkLines(a));
        return out;
    }

    static List<AfterRunLine> doneLines(AfterRun a) {
        List<AfterRunLine> out = new ArrayList<>();
        if (!a.done().isEmpty()) {
            out.add(new AfterRunLine("Commit steps:", AfterRunLine.Tone.HEADING));
            for (AfterRun.Step s : a.done()) {
                out.add(new AfterRunLine("  " + s.at().map(AfterRunText::stamp).orElse("") + s.text(),
                        AfterRunLine.Tone.PLAIN));
            }
        }
        return out;
    }

    private static List<AfterRunLine> remainingLines(AfterRun a) {
        List<AfterRunLine> out = new ArrayList<>();
        if (!a.remaining().isEmpty()) {
            out.add(new AfterRunLine("REMAINING STEPS, by hand:", AfterRunLine.Tone.BAD));
            for (int i = 0; i < a.remaining().size(); i++) {
                out.add(new AfterRunLine("  " + (i + 1) + ". " + a.remaining().get(i), AfterRunLine.Tone.BAD));
            }
        }
        return out;
    }

    static List<AfterRunLine> checkLines(AfterRun a) {
        List<AfterRunLine> out = new ArrayList<>();
        long failed = a.checks().stream().filter(TopologyCheck::degrades).count();
        out.add(failed == 0 ? new AfterRunLine("Verification: all checks hold", AfterRunLine.Tone.HEADING)
                : new AfterRunLine("Verification: SOME CHECKS FAILED (" + failed + " of " + a.checks().size()
                        + "): topology degraded", AfterRunLine.Tone.BAD));
        for (TopologyCheck c : a.checks()) {
            String seen = c.seen().isEmpty() ? "" : " (" + c.seen() + ")";
            out.add(c.ok() ? new AfterRunLine("  ok      " + c.what() + seen, AfterRunLine.Tone.PLAIN)
                    : c.degrades() ? new AfterRunLine("  FAILED  " + c.what() + seen, AfterRunLine.Tone.BAD)
                    : new AfterRunLine("  note    " + c.what() + seen, AfterRunLine.Tone.NOTE));
        }
        return out;
    }

    private static String stamp(Duration at) {
        return String.format(java.util.Locale.ROOT, "+%d.%03ds ", at.toSeconds(), at.toMillisPart());
    }

    static boolean streamsFrom(ObservedRole r, FailoverRequest request, long term) {
        return r.kind() == ObservedRole.Kind.REPLICA && r.term() == term
                && r.upstream().filter(u -> u.equals(request.target().addr())).isPresent();
    }

    /** Every node as seen: {@code pg2 primary · pg3 replica of pg2 · pg1 NOT STREAMING (primary, term 1, writes frozen)}. */
    static String rolesText(AfterRun a, FailoverRequest request) {
        if (a.roles().isEmpty()) {
            return "Roles: could not be read back; check the cluster table";
        }
        String target = request.target().id();
        long term = request.newTerm();
        List<String> parts = new ArrayList<>();
        for (ObservedRole r : a.roles()) {
            if (r.node().equals(target) && r.kind() == ObservedRole.Kind.PRIMARY && r.term() == term) {
                parts.add(0, r.node() + " primary");
            } else if (streamsFrom(r, request, term)) {
                parts.add(r.node() + " replica of " + target);
            } else {
                parts.add(r.node() + " NOT STREAMING from " + target + " (" + switch (r.kind()) {
                    case PRIMARY -> "primary on term " + r.term() + ", ";
                    case REPLICA -> "replica on term " + r.term() + ", ";
                    case UNREACHABLE -> "";
                } + r.detail() + ")");
            }
        }
        return String.join(" · ", parts) + " (as seen)";
    }
}
