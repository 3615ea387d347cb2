package dev.handover.ui.run;

/**
 * One line of the event log.
 *
 * @param wall  wall-clock time, HH:mm:ss.SSS
 * @param at    time into the run, e.g. "+1.25s", or empty for lines outside the coordinator's clock
 * @param text  what happened
 * @param level how loudly to show it
 */
public record LogLine(String wall, String at, String text, Level level) {
    public enum Level { INFO, GOOD, WARN, BAD }
}
