package dev.handover.ui;

import dev.handover.cluster.ClusterException;
import dev.handover.journal.Journal;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenario;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the console opens, from its command line. With no arguments: the built-in simulated cluster
 * {@code healthy} on a real-time clock, so {@code mvn javafx:run} needs no set-up.
 *
 * @param scenario a built-in scenario name or a scenario file
 * @param speed    simulated seconds per wall-clock second
 * @param seed     the simulation's seed, for a drill that replays the same
 * @param journal  the journal's directory; empty for the user's data directory
 */
public record ConsoleOptions(String scenario, double speed, long seed, Optional<Path> journal) {
    public static final String DEFAULT_SCENARIO = "healthy";
    public static final String USAGE = "options: --scenario=NAME|FILE (default healthy), --speed=X (default 1), --seed=N,"
            + " --journal=DIR (default: the user's data directory)";

    /** Read {@code --scenario=}, {@code --speed=}, {@code --seed=}; anything else is refused with its name. */
    public static ConsoleOptions parse(List<String> args) {
        String scenario = DEFAULT_SCENARIO;
        double speed = 1.0;
        long seed = 1;
        Optional<Path> journal = Optional.empty();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1).trim();
            switch (key) {
                case "--scenario" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--scenario needs a name or a file, e.g. --scenario=lagging-replica");
                    }
                    scenario = value;
                }
                case "--speed" -> speed = number("--speed", value);
                case "--seed" -> seed = (long) number("--seed", value);
                case "--journal" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--journal needs a directory, e.g. --journal=/tmp/handover");
                    }
                    try {
                        journal = Optional.of(Path.of(value));
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException("--journal " + value + " is not a usable path: " + e.getReason());
                    }
                }
                default -> throw new IllegalArgumentException("unknown option \"" + arg + "\"; " + USAGE);
            }
        }
        if (!(speed > 0) || speed > 1000) {
            throw new IllegalArgumentException("--speed must be above 0 and at most 1000, got " + speed);
        }
        return new ConsoleOptions(scenario, speed, seed, journal);
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got \"" + value + "\"");
        }
    }

    /** Where runs are recorded. */
    public Journal openJournal() {
        return journal.map(Journal::at).orElseGet(Journal::atDefaultLocation);
    }

    /** Start the simulated cluster these options describe. */
    public SimCluster open() throws ClusterException {
        Scenario s = Scenarios.resolve(scenario);
        return SimCluster.start(s, seed, new RealTimeClock(speed));
    }
}
