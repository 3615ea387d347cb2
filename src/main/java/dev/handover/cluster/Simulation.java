package dev.handover.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The capability of a simulated cluster, offered by {@link ClusterConnection#simulation()}: its seed and
 * clock, and the accounting a real cluster cannot give — writes lost, primaries per term, faults that hit
 * a run — which a run's record and debrief hold. Training controls build on it.
 */
public interface Simulation {

    /** The seed the simulation replays from. */
    long seed();

    /** Simulated time since the cluster started. */
    Duration now();

    /** The simulator's accounting so far; {@link Invariants#since} narrows it to one run. */
    Invariants invariants();

    /** Faults taken from {@code from} on (injected or scripted by the scenario), in order. */
    List<Fault> faultsSince(Duration from);

    /** A fault the simulation took, at simulated time {@code at}. */
    record Fault(Duration at, String text) {
        public Fault {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * What the simulator counts and checks: acknowledged writes lost, how many nodes were primary under each
     * term, whether writes were left frozen, and every violation of the switchover's invariants.
     */
    record Invariants(long lostWrites, Map<Long, Integer> primariesPerTerm, boolean leftFrozen, List<String> violations) {

        public Invariants {
            primariesPerTerm = Map.copyOf(primariesPerTerm);
            violations = List.copyOf(violations);
        }

        public boolean holds() {
            return violations.isEmpty();
        }

        /** What changed after {@code before}: terms from the one current then, violations added since. */
        public Invariants since(Invariants before) {
            long currentTerm = before.primariesPerTerm.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            Map<Long, Integer> perTerm = new TreeMap<>();
            primariesPerTerm.forEach((term, count) -> {
                if (term >= currentTerm) {
                    perTerm.put(term, count);
                }
            });
            List<String> added = violations.size() >= before.violations.size()
                    ? violations.subList(before.violations.size(), violations.size()) : violations;
            return new Invariants(lostWrites - before.lostWrites, perTerm, leftFrozen, added);
        }
    }
}
