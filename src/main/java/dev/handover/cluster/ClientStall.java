package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * How long clients were held by a run, as something in front of the cluster measured it (PgBouncer's
 * {@code SHOW POOLS maxwait} right before RESUME): the client side of the write-unavailability window.
 * Failed client requests are not in it: a pooler does not count them (see {@link #FAILED_REQUESTS}).
 *
 * @param longestWait the longest any client had waited when it was let go
 * @param held        how long the router held its clients (the longest; a PgBouncer's pools from PAUSE asked to
 *                    RESUME confirmed)
 * @param source      where {@code longestWait} was read, e.g. {@code PgBouncer maxwait}
 */
public record ClientStall(Duration longestWait, Duration held, String source) {
    /** What the record says of failed client requests, which a pooler cannot see. */
    public static final String FAILED_REQUESTS = "failed client requests: not visible to PgBouncer; count them at the clients";

    public ClientStall {
        Objects.requireNonNull(longestWait, "longestWait");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(source, "source");
    }

    /** {@code client stall 260ms (PgBouncer maxwait), pools paused 290ms}: written as the freeze's length is. */
    public String text() {
        return "client stall " + Durations.format(longestWait) + " (" + source + "), pools paused " + Durations.format(held);
    }
}
