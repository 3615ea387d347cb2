package dev.handover.cluster;

import java.util.Optional;

/**
 * How to open a cluster where the backend has a choice: only a simulation does. The CLI runs in virtual
 * time (a run takes no wall-clock time and replays from its seed); the console on a real-time clock at
 * a chosen speed, so a person can watch and act.
 *
 * @param seed          the simulation's seed
 * @param realTimeSpeed simulated seconds per wall-clock second; empty for virtual time
 * @param environment   where a real cluster's password variables are read (the process's, plus what the
 *                      console's operator typed for an unset one)
 */
public record OpenOptions(long seed, Optional<Double> realTimeSpeed, Environment environment) {

    public OpenOptions(long seed, Optional<Double> realTimeSpeed) {
        this(seed, realTimeSpeed, Environment.system());
    }

    /** The same options, secrets read from {@code e}. */
    public OpenOptions withEnvironment(Environment e) {
        return new OpenOptions(seed, realTimeSpeed, e);
    }

    public static OpenOptions virtualTime(long seed) {
        return new OpenOptions(seed, Optional.empty());
    }

    public static OpenOptions realTime(long seed, double speed) {
        return new OpenOptions(seed, Optional.of(speed));
    }

    /** For a real cluster, where neither matters. */
    public static OpenOptions real() {
        return virtualTime(1);
    }
}
