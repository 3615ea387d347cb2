package dev.handover.sim;

import dev.handover.cluster.Simulation;

import java.util.List;
import java.util.Map;

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
        return of(asInvariants().since(before.asInvariants()));
    }

    /** The same figures as the {@link Simulation} capability hands them above the simulator. */
    public Simulation.Invariants asInvariants() {
        return new Simulation.Invariants(lostWrites, primariesPerTerm, leftFrozen, violations);
    }

    static InvariantReport of(Simulation.Invariants i) {
        return new InvariantReport(i.lostWrites(), i.primariesPerTerm(), i.leftFrozen(), i.violations());
    }
}
