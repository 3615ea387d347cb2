package dev.handover.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast each node moves its position, from one status read to the next: the rate a preflight projects
 * a catch-up with. A node's first read, a position that went back (a rebuilt node) or no time between reads
 * gives 0 — not measured yet: the preflight then projects from what the node shows ({@link CatchUp}), never
 * "applies nothing" from the 0 alone.
 */
public final class ApplyRate {
    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    /** Positions a second for {@code node}, now at {@code position}, since its previous read. */
    public double next(String node, long position) {
        Sample now = new Sample(position, System.nanoTime());
        Sample before = last.put(node, now);
        if (before == null || now.nanos() <= before.nanos() || position < before.position()) {
            return 0;
        }
        return (position - before.position()) / ((now.nanos() - before.nanos()) / 1e9);
    }

    private record Sample(long position, long nanos) {
    }
}
