package dev.handover.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault on a scenario's timeline, e.g. {@code {"at":"3s","fault":"stall","node":"n2"}}. Times count
 * from the run start: the moment the cluster's first transport is created.
 *
 * @param factor   for {@code slow} (apply rate ×factor) and {@code spike} (write load ×factor); 1 otherwise
 * @param duration for {@code spike}: how long the load stays multiplied; zero otherwise
 */
public record ScriptedFault(Duration at, FaultKind kind, Optional<String> node, double factor, Duration duration) {

    public ScriptedFault {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(duration, "duration");
    }

    /** A fault on one node with no parameters (stall, crash, partition, …). */
    public static ScriptedFault on(Duration at, FaultKind kind, String node) {
        return new ScriptedFault(at, kind, Optional.of(node), 1.0, Duration.ZERO);
    }

    public String describe() {
        StringBuilder s = new StringBuilder(kind.jsonName());
        node.ifPresent(n -> s.append(' ').append(n));
        if (kind == FaultKind.SLOW || kind == FaultKind.SPIKE) {
            s.append(" ×").append(factor);
        }
        if (kind == FaultKind.SPIKE) {
            s.append(" for ").append(dev.handover.core.Durations.format(duration));
        }
        return s.toString();
    }
}
