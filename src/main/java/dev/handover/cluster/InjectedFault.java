package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault a trainee injects into a running simulation through {@link Simulation#inject}: one node stalled,
 * crashed or cut off (or set right again), or the write load spiked for a while.
 */
public sealed interface InjectedFault {

    /** How the fault reads in the event log, e.g. {@code stall n2} or {@code write load ×5 for 10s}. */
    String describe();

    /** What can be done to one node, each with its undo. */
    enum NodeFault {
        /** The replica applies nothing (it keeps receiving log). */
        STALL("stall"),
        UNSTALL("unstall"),
        /** The node is down: calls fail, it applies and accepts nothing. */
        CRASH("crash"),
        RESTART("restart"),
        /** Calls to the node fail and replication to it stops. */
        PARTITION("partition"),
        HEAL("heal");

        private final String verb;

        NodeFault(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    /** {@code fault} on the node {@code node}. */
    record OnNode(NodeFault fault, String node) implements InjectedFault {
        public OnNode {
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String describe() {
            return fault.verb() + " " + node;
        }
    }

    /** The write load multiplied by {@code factor} for {@code duration}. */
    record WriteSpike(double factor, Duration duration) implements InjectedFault {
        public WriteSpike {
            Objects.requireNonNull(duration, "duration");
            if (!(factor >= 0) || Double.isInfinite(factor) || duration.isNegative()) {
                throw new IllegalArgumentException("a write spike needs a factor of 0 or more and a duration of 0 or more");
            }
        }

        @Override
        public String describe() {
            return "write load ×" + plain(factor) + " for " + Durations.format(duration);
        }

        /** 5.0 as "5", 2.5 as "2.5". */
        private static String plain(double x) {
            return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
        }
    }
}
