package dev.handover.cluster;

/**
 * The speed and pause of a simulation that follows the wall clock, as the trainee drives them; offered by
 * {@link Simulation#clockControls()} only there (virtual time moves with a run, not with the wall clock).
 */
public interface ClockControls {

    /** Simulated seconds per wall-clock second. */
    double speed();

    /** @throws IllegalArgumentException for a speed that is not a positive number */
    void setSpeed(double speed);

    boolean isPaused();

    /** Simulated time stands still, and so does everything waiting on it (a run's polls included). */
    void pause();

    void resume();
}
