package dev.handover.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator approved after seeing a {@link RepairPlan}: the primary (when they chose one) and, for
 * every node whose data the plan discards, the exact number of transactions they accept to lose. The repair
 * plans again from what the nodes show at that moment and acts only when that plan's primary and every
 * discard's count match this approval: a count that moved (writes still arriving) is not approved.
 *
 * @param primary   the primary the operator chose; empty takes the plan's own choice
 * @param discards  node -> transactions approved to be discarded on it
 * @param operator  who approved
 * @param hazardsConfirmed the operator typed the confirmation for the plan's hazards (two writable nodes, a pending promotion)
 */
public record RepairApproval(Optional<String> primary, Map<String, Long> discards, String operator, boolean hazardsConfirmed) {

    public RepairApproval {
        Objects.requireNonNull(primary, "primary");
        discards = Map.copyOf(discards);
        Objects.requireNonNull(operator, "operator");
    }

    /** Approves a plan that discards nothing and has no hazard. */
    public static RepairApproval plain(Optional<String> primary, String operator) {
        return new RepairApproval(primary, Map.of(), operator, false);
    }

    /** Why {@code plan} is not covered by this approval; empty when it is. */
    public Optional<String> gap(RepairPlan plan) {
        if (!plan.actionable()) {
            return Optional.of("the plan does not act: " + String.join("; ", plan.refusals()));
        }
        if (primary.isPresent() && !primary.get().equals(plan.primary().orElseThrow())) {
            return Optional.of("the plan now settles on " + plan.primary().get() + ", not on " + primary.get());
        }
        for (RepairPlan.Discard d : plan.discards()) {
            Long ok = discards.get(d.node());
            if (ok == null) {
                return Optional.of("discarding " + d.text() + " was not approved");
            }
            if (ok != d.transactions()) {
                return Optional.of("the count on " + d.node() + " is now " + d.transactions() + ", not the " + ok
                        + " approved (writes may still arrive there)");
            }
        }
        if (!plan.hazards().isEmpty() && !hazardsConfirmed) {
            return Optional.of("not confirmed: " + String.join("; ", plan.hazards()));
        }
        return Optional.empty();
    }
}
