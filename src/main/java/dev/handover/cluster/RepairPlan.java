package dev.handover.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a topology repair would do, decided from what every node shows now and shown before anything is
 * changed: the primary it settles on and why, what each node becomes, the steps in order, what would be
 * discarded, and what stops it. A repair acts only on a plan the operator saw; what it discards must be
 * approved with its exact count ({@link RepairApproval}).
 *
 * @param primary  the node that will be the one primary; empty when the repair cannot settle on one
 * @param why      why that node (or why none)
 * @param nodes    every node: what it is now and what it becomes
 * @param steps    the steps, in the order they will be taken
 * @param discards WAL / transactions a node holds that the chosen primary lacks, which the repair would throw away
 * @param hazards  conditions that need a typed confirmation even without a discard (two writable nodes, a pending promotion)
 * @param refusals why the repair will not act at all from here; nothing is changed while any is present
 * @param alternatives other primaries the operator may choose, each with what choosing it would discard
 */
public record RepairPlan(Optional<String> primary, String why, List<NodeFate> nodes, List<String> steps,
                         List<Discard> discards, List<String> hazards, List<String> refusals,
                         List<Alternative> alternatives) {

    public RepairPlan {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(why, "why");
        nodes = List.copyOf(nodes);
        steps = List.copyOf(steps);
        discards = List.copyOf(discards);
        hazards = List.copyOf(hazards);
        refusals = List.copyOf(refusals);
        alternatives = List.copyOf(alternatives);
    }

    /** A plan that changes nothing and says why. */
    public static RepairPlan refused(String why, List<NodeFate> nodes, List<String> refusals) {
        return new RepairPlan(Optional.empty(), why, nodes, List.of(), List.of(), List.of(), refusals, List.of());
    }

    /** One node: what it shows now and what the repair makes of it. */
    public record NodeFate(String node, String now, String becomes) {
        public NodeFate {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(becomes, "becomes");
        }
    }

    /**
     * What a node holds that the chosen primary lacks, and the repair would throw away (rewind, re-point).
     *
     * @param node         the node that holds it
     * @param bytes        WAL bytes (MariaDB: 0) past the fork point
     * @param transactions committed transactions in that range
     * @param exact        whether {@code transactions} was counted (true) or estimated (false)
     * @param basis        how it was counted, or what the estimate rests on
     * @param range        the range, in the engine's own words (e.g. {@code 0/3000148..0/30A2F10 on timeline 2})
     */
    public record Discard(String node, long bytes, long transactions, boolean exact, String basis, String range) {
        public Discard {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(range, "range");
        }

        /** {@code pg2: 272 committed transactions (exact: pg_walinspect), 1,234,567 bytes of WAL past 0/3000148}. */
        public String text() {
            return node + ": " + String.format("%,d", transactions) + " committed transaction" + (transactions == 1 ? "" : "s")
                    + " (" + (exact ? "exact" : "ESTIMATE") + ": " + basis + ")"
                    + (bytes > 0 ? ", " + String.format("%,d", bytes) + " bytes of WAL" : "") + " in " + range;
        }
    }

    /** Another primary the operator could pick ({@code --primary}), and what that choice would discard. */
    public record Alternative(String node, List<Discard> discards) {
        public Alternative {
            Objects.requireNonNull(node, "node");
            discards = List.copyOf(discards);
        }
    }

    /** The repair may act on this plan (given the confirmation it asks for). */
    public boolean actionable() {
        return primary.isPresent() && refusals.isEmpty();
    }

    /** Something is discarded or two nodes are (or may become) writable: a typed confirmation, not a y/N. */
    public boolean needsTypedConfirmation() {
        return !discards.isEmpty() || !hazards.isEmpty();
    }

    /** How a count the plan could not make is written where the operator approves it ({@code pg2:unknown}). */
    public static final String UNKNOWN_COUNT = "unknown";

    /** {@code pg2:272,pg3:unknown}: each discarding node and its count, as the operator approves them. */
    public String discardList() {
        return String.join(",", discards.stream().map(d -> d.node() + ":" + (d.transactions() < 0 ? UNKNOWN_COUNT
                : Long.toString(d.transactions()))).toList());
    }

    /**
     * What the operator types to carry the plan out: {@code discard pg2:272} when anything is discarded, the primary's
     * name when two nodes are or may become writable; empty when a yes is enough.
     */
    public Optional<String> confirmationWord() {
        if (!needsTypedConfirmation()) {
            return Optional.empty();
        }
        return Optional.of(discards.isEmpty() ? primary.orElse("") : "discard " + discardList());
    }
}
