package dev.handover.core;

import java.time.Duration;

/**
 * The deadline, poll interval and freeze budget a switchover takes, one range for the console's form and the CLI's flags
 * (read with {@link Durations#parse(String, String, Durations.Range)}). The poll interval is also held
 * to the cluster's freeze lease ({@code cluster.PollRule}).
 */
public final class RunLimits {
    /**
     * 0 hands over only a target that already holds the frontier (or, forced, asks at once); a planned
     * switchover that may keep writes frozen longer than ten minutes is not planned.
     */
    public static final Durations.Range DEADLINE = new Durations.Range(Duration.ZERO, Duration.ofMinutes(10));
    /** Finer polls than the simulation's 10 ms step read the same frontier twice; past a minute the run is blind. */
    public static final Durations.Range POLL = new Durations.Range(Duration.ofMillis(10), Duration.ofMinutes(1));
    /** The longest write freeze an operator accepts (the preflight's budget): shorter than a poll is no budget. */
    public static final Durations.Range FREEZE_BUDGET = new Durations.Range(Duration.ofMillis(100), Duration.ofMinutes(10));

    private RunLimits() {
    }
}
