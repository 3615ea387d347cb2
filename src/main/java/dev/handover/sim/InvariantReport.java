package dev.handover.sim;

import java.util.List;
import java.util.Map;

/**
 * What the simulator can vouch for after a run.
 *
 * @param lostWrites       acknowledged writes discarded by forced handovers (0 after zero-RPO ones)
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
}
