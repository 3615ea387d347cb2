package dev.handover.cluster;

import dev.handover.core.ForcePrompt;

import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What a forced commit at a prompt would lose, put the way a DBA weighs it: the acknowledged writes
 * (counted where the backend can, else estimated from the write rate read before the freeze, and said
 * so), the bytes, the seconds of writes, and a safer way out if another replica holds more.
 *
 * @param prompt       the coordinator's question: frontier, reached, skipped
 * @param positions    how the cluster writes positions and distances
 * @param bytes        whether a position counts bytes of log (PostgreSQL's WAL; the simulator's too)
 * @param writes       the acknowledged writes lost: counted, estimated, or unknown
 * @param rate         the primary's write rate read before the freeze, when one was read
 * @param alternative  a replica that holds more of what the target misses, with what to do instead
 */
public record ForceLoss(ForcePrompt prompt, Positions positions, boolean bytes, LostWrites writes,
                        Optional<WriteRate> rate, Optional<Alternative> alternative) {

    public ForceLoss {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(alternative, "alternative");
    }

    /** The acknowledged writes a forced commit would lose. */
    public sealed interface LostWrites {
    }

    /** Counted by the backend (the simulator keeps every acknowledged write's position). */
    public record Counted(long count) implements LostWrites {
    }

    /** The backend cannot count them: {@code count} is skipped positions × writes per position, at {@code from}. */
    public record Estimated(long count, WriteRate from) implements LostWrites {
    }

    /** Neither counted nor estimable: no write rate was read. */
    public record Unknown(String why) implements LostWrites {
    }

    /**
     * Another replica than the target, reachable, whose durable position is the furthest of all and beyond
     * the target's: it {@code holdsEverything} when it covers the frozen frontier.
     */
    public record Alternative(String nodeId, long durableLsn, boolean holdsEverything, long shortLsn) {
        public Alternative {
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    /** The prompt alone, the cluster not asked: figures that only the positions give. */
    public static ForceLoss unassessed(ForcePrompt prompt, Positions positions) {
        return new ForceLoss(prompt, positions, false, new Unknown("the cluster was not asked"), Optional.empty(),
                Optional.empty());
    }

    /** Skipped positions as the time the primary took to write them, at the rate read before the freeze. */
    public Optional<Duration> writeTime() {
        return rate.flatMap(r -> r.timeToWrite(prompt.skippedLsn()));
    }

    /**
     * The loss at {@code prompt} on {@code cluster}: its own count where it keeps one, else an estimate from
     * {@code before} (the rate read before the freeze); the safer replica from {@code now}, a status read at
     * the prompt (empty when none could be read).
     */
    public static ForceLoss assess(ClusterConnection cluster, ForcePrompt prompt, Optional<WriteRate> before,
                                   Optional<ClusterSnapshot> now) {
        long skipped = prompt.skippedLsn();
        LostWrites writes = cluster.acknowledgedWritesIn(prompt.reachedLsn(), prompt.frontierLsn())
                .<LostWrites>map(Counted::new)
                .orElseGet(() -> estimate(skipped, before));
        return new ForceLoss(prompt, now.map(ClusterSnapshot::positions).orElse(cluster.positions()),
                cluster.positionsCountBytes(), writes, before, now.flatMap(s -> alternative(s, prompt)));
    }

    static LostWrites estimate(long skipped, Optional<WriteRate> before) {
        if (before.isEmpty()) {
            return new Unknown("no write rate was read before the freeze");
        }
        WriteRate r = before.get();
        if (r.writesPerSecond().isEmpty()) {
            return new Unknown("this cluster does not count its writes");
        }
        if (r.lsnPerSecond() <= 0) {
            return new Unknown("the primary wrote nothing while its rate was read");
        }
        double perLsn = r.writesPerSecond().getAsDouble() / r.lsnPerSecond();
        return new Estimated(Math.round(skipped * perLsn), r);
    }

    /** The reachable replica, other than the target and the old primary, furthest along and beyond the target. */
    static Optional<Alternative> alternative(ClusterSnapshot now, ForcePrompt prompt) {
        String target = prompt.request().target().id();
        String primary = prompt.request().oldPrimary().id();
        return now.nodes().stream()
                .filter(n -> !n.id().equals(target) && !n.id().equals(primary) && !n.isPrimary())
                .filter(n -> n.health() != Health.UNREACHABLE && n.durableLsn() > prompt.reachedLsn())
                .max(Comparator.comparingLong(NodeStatus::durableLsn).thenComparing(NodeStatus::id,
                        Comparator.reverseOrder()))
                .map(n -> new Alternative(n.id(), n.durableLsn(), n.durableLsn() >= prompt.frontierLsn(),
                        Math.max(0, prompt.frontierLsn() - n.durableLsn())));
    }
}
