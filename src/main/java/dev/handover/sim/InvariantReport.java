package dev.handover.sim;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator can vouch for after a run.
 *
 * @param lostWrites       acknowledged writes discarded by forced handovers (0 after zero-RPO ones), over the
 *                         span the report covers (a cluster's life, or one run: see {@link #since})
 * @param primariesPerTerm how many distinct nodes ever served as primary under each term
 * @param leftFrozen       whether the current primary is frozen right now
 * @param violations       broken safety rules, in words (more than one primary in a term, terms going back)
 */
public record InvariantReport(long lostWrites, Map<Long, Integer> primariesPerTerm, boolean leftFrozen,
                              List<String> violations) {

    public InvariantReport {
        primariesPerTerm = Map.copyOf(primariesPerTerm);
        violations = List.copyOf(violations);
    }

    public boolean holds() {
        return violations.isEmpty();
    }

    /**
     * What happened since {@code before} (the same cluster's accounting, taken earlier), so one run's
     * record holds that run's own figures and not those of the runs before it on the same cluster:
     * the writes lost since, the terms from the one current then upward, the violations found since.
     * Whether the primary is frozen is a state, read now.
     */
    public InvariantReport since(InvariantReport before) {
        long currentTerm = before.primariesPerTerm.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        Map<Long, Integer> perTerm = new TreeMap<>();
        primariesPerTerm.forEach((term, count) -> {
            if (term >= currentTerm) {
                perTerm.put(term, count);
            }
        });
        List<String> newViolations = violations.size() >= before.violations.size()
                ? violations.subList(before.violations.size(), violations.size()) : violations;
        return new InvariantReport(lostWrites - before.lostWrites, perTerm, leftFrozen, newViolations);
    }
}
