package dev.handover.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The capability of a simulated cluster, offered by {@link ClusterConnection#simulation()}: its seed and
 * clock, and the accounting a real cluster cannot give — writes lost, primaries per term, faults that hit
 * a run — which a run's record and debrief hold; and what the training controls drive: the scenario's
 * briefing, fault injection, and the clock's speed and pause.
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

    /** The scenario it runs, as the trainee is briefed on it. */
    Briefing briefing();

    /**
     * Injects {@code fault} now (after playing the cluster forward to now), at any time, a run in progress
     * included; {@link #faultsSince} then lists it.
     *
     * @throws IllegalArgumentException for a node the cluster does not have
     */
    void inject(InjectedFault fault);

    /** Speed and pause, on a clock that follows the wall clock; empty on virtual time. */
    Optional<ClockControls> clockControls();

    /**
     * A scenario as the trainee is briefed on it.
     *
     * @param scenario its name, e.g. {@code stalled-replica}
     * @param title    its one-line title
     * @param text     the briefing: the cluster as the scenario begins and what to watch for
     * @param began    the primary it begins with (the briefing describes that cluster, not a later one)
     */
    record Briefing(String scenario, String title, String text, Primary began) {
        public Briefing {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(began, "began");
        }
    }

    /** A node as primary under a term. */
    record Primary(String node, long term) {
        public Primary {
            Objects.requireNonNull(node, "node");
        }
    }

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
