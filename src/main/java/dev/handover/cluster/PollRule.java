package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.Optional;

/**
 * The one rule tying the poll interval to a cluster's freeze lease, for the CLI, the console and the
 * cluster itself. The coordinator renews the lease before each wait and checks it after; a wait lasts
 * at most one poll interval. An interval as long as the lease would let the freeze lapse mid-wait
 * (writes flow again, the run ends lease-lost instead of handing over), so it may be at most half the
 * lease: the other half covers recording a reading and a loaded machine (at 20× a simulated second is
 * 50 ms of wall time).
 */
public final class PollRule {
    private PollRule() {
    }

    /** The longest poll interval a freeze lease of {@code lease} allows; empty when there is no lease. */
    public static Optional<Duration> longestPoll(Optional<Duration> lease) {
        return lease.map(l -> l.dividedBy(2));
    }

    /**
     * Why {@code poll} does not fit {@code lease}, as one sentence starting with {@code field} (the flag
     * or the form field the operator typed it in); empty when it fits.
     */
    public static Optional<String> problem(String field, Duration poll, Optional<Duration> lease) {
        Optional<Duration> longest = longestPoll(lease);
        if (longest.isEmpty() || poll.compareTo(longest.get()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(field + " " + Durations.format(poll) + " is too long for the cluster's "
                + Durations.format(lease.get()) + " freeze lease: at most " + Durations.format(longest.get())
                + " (half the lease), or the freeze lapses while the run waits and writes thaw by themselves");
    }
}
