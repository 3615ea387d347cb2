package dev.handover.cluster;

import java.util.List;
import java.util.Objects;

/**
 * The cluster as a whole at one status call, typed so that {@code status}'s exit code, the console's banner, the
 * preflight and the metric decide from the same value and never from a sentence. Split brain outranks degraded:
 * two nodes taking writes is a state where any automatic step can lose acknowledged writes.
 */
public sealed interface ClusterVerdict {

    /** One line for a person: what was seen, naming the nodes. */
    String text();

    /** Which case this is, for a switch (Java 17 switches over enums, not yet over sealed types). */
    Kind kind();

    enum Kind { HEALTHY, DEGRADED, SPLIT_BRAIN }

    /** Every node answered, is healthy, and exactly one takes writes. */
    record Healthy() implements ClusterVerdict {
        @Override
        public String text() {
            return "healthy: one primary, every node healthy";
        }

        @Override
        public Kind kind() {
            return Kind.HEALTHY;
        }
    }

    /**
     * Reachable and single-primary as far as was seen, but not every node is fit: each unfit node with its condition,
     * and whether any node serves as primary at all.
     */
    record Degraded(List<Issue> issues, boolean primaryFound) implements ClusterVerdict {
        public Degraded {
            issues = List.copyOf(issues);
        }

        @Override
        public String text() {
            List<String> parts = new java.util.ArrayList<>();
            if (!primaryFound) {
                parts.add("no node serves as primary");
            }
            issues.forEach(i -> parts.add(i.node() + " " + i.condition().label()));
            return "degraded: " + String.join(", ", parts);
        }

        @Override
        public Kind kind() {
            return Kind.DEGRADED;
        }
    }

    /** Two or more nodes take writes at once: the ids of every one of them, in the cluster's order. */
    record SplitBrain(List<String> writable) implements ClusterVerdict {
        public SplitBrain {
            writable = List.copyOf(writable);
            if (writable.size() < 2) {
                throw new IllegalArgumentException("split brain needs two writable nodes, got " + writable);
            }
        }

        @Override
        public String text() {
            return "SPLIT BRAIN: " + and(writable) + " all take writes; clients may be writing to "
                    + (writable.size() == 2 ? "both" : "each")
                    + ". Stop writes to all but one and reconcile by hand before any switchover or repair";
        }

        @Override
        public Kind kind() {
            return Kind.SPLIT_BRAIN;
        }
    }

    /** A node that is not healthy, and why. */
    record Issue(String node, Condition condition) {
        public Issue {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** {@code a and b}, {@code a, b and c}. */
    static String and(List<String> ids) {
        if (ids.size() == 1) {
            return ids.get(0);
        }
        return String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
    }

    /** The verdict on {@code snapshot}: split brain when two or more nodes were seen writable, else degraded or healthy. */
    static ClusterVerdict of(ClusterSnapshot snapshot) {
        if (snapshot.writable().size() >= 2) {
            return new SplitBrain(snapshot.writable());
        }
        List<Issue> issues = snapshot.nodes().stream().filter(n -> n.health() != Health.HEALTHY)
                .map(n -> new Issue(n.id(), n.condition())).toList();
        boolean primaryFound = snapshot.primary().isPresent();
        if (issues.isEmpty() && primaryFound) {
            return new Healthy();
        }
        return new Degraded(issues, primaryFound);
    }
}
