package dev.handover.faultsim;

import dev.handover.core.HandoverEvent;

import java.util.List;

/** How one replayed schedule went, in words: the faults that fired, every event, the result. */
final class Replay {
    private Replay() {
    }

    static String describe(RunObservation o) {
        StringBuilder s = new StringBuilder();
        s.append("  request: ").append(o.request().oldPrimary().id()).append(" -> ").append(o.request().target().id())
                .append(", term ").append(o.request().currentTerm()).append(" -> ").append(o.request().newTerm())
                .append(", hint LSN ").append(o.request().targetFrontierHint()).append('\n');
        s.append("  events:\n");
        for (HandoverEvent e : o.events()) {
            s.append("    ").append(e).append('\n');
        }
        s.append("  result: ").append(o.outcome().map(Object::toString)
                .orElseGet(() -> o.thrown().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElse("?")))
                .append('\n');
        s.append("  faults injected: ").append(o.faultsInjected()).append('\n');
        s.append("  simulator after the run: ").append(o.invariants()).append(", primary ").append(o.primaryAfter())
                .append('\n');
        List<String> violations = InvariantChecker.check(o);
        s.append("  violations: ").append(violations.isEmpty() ? "none" : String.join("; ", violations)).append('\n');
        return s.toString();
    }
}
