package dev.handover.ui;

import dev.handover.cluster.OpenOptions;
import dev.handover.app.Installed;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.journal.Journal;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenario;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;

import java.nio.file.Files;
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
 * @param postgres a real PostgreSQL cluster's definition file ({@code --cluster=pg:<file>}), opened instead of a scenario
 */
public record ConsoleOptions(String scenario, double speed, long seed, Optional<Path> journal, Optional<Path> postgres) {
    public static final String DEFAULT_SCENARIO = "healthy";
    public static final String USAGE = "options: --scenario=NAME|FILE (default healthy), --cluster=pg:FILE (a real PostgreSQL"
            + " cluster instead), --speed=X (default 1), --seed=N, --journal=DIR (default: the user's data directory)";

    /** A simulated scenario. */
    public ConsoleOptions(String scenario, double speed, long seed, Optional<Path> journal) {
        this(scenario, speed, seed, journal, Optional.empty());
    }

    /** Read {@code --scenario=}, {@code --cluster=}, {@code --speed=}, {@code --seed=}, {@code --journal=}; anything else is refused with its name. */
    public static ConsoleOptions parse(List<String> args) {
        String scenario = DEFAULT_SCENARIO;
        boolean scenarioGiven = false;
        double speed = 1.0;
        long seed = 1;
        Optional<Path> journal = Optional.empty();
        Optional<Path> postgres = Optional.empty();
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
                    scenarioGiven = true;
                }
                case "--cluster" -> postgres = Optional.of(postgresFile(value));
                case "--speed" -> speed = number("--speed", value);
                case "--seed" -> seed = wholeNumber("--seed", value);
                case "--journal" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--journal needs a directory, e.g. --journal=/tmp/handover");
                    }
                    try {
                        journal = Optional.of(Path.of(value));
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException("--journal " + value + " is not a usable path: " + e.getReason());
                    }
                    if (Files.exists(journal.get()) && !Files.isDirectory(journal.get())) {
                        throw new IllegalArgumentException("--journal " + value + " is a file; name the directory that holds "
                                + Journal.FILE_NAME);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option \"" + arg + "\"; " + USAGE);
            }
        }
        if (!(speed > 0) || speed > 1000) {
            throw new IllegalArgumentException("--speed must be above 0 and at most 1000, got " + speed);
        }
        if (scenarioGiven && postgres.isPresent()) {
            throw new IllegalArgumentException("--scenario and --cluster both given: the console opens one cluster, a"
                    + " simulated scenario or a real PostgreSQL cluster");
        }
        return new ConsoleOptions(scenario, speed, seed, journal, postgres);
    }

    /** {@code pg:<cluster definition file>}; simulations are picked with --scenario. */
    private static Path postgresFile(String value) {
        if (!value.startsWith("pg:") || value.substring(3).isBlank()) {
            throw new IllegalArgumentException("--cluster needs pg:<cluster definition file>, e.g. --cluster=pg:cluster.json"
                    + " (simulated clusters are chosen with --scenario), got \"" + value + "\"");
        }
        String file = value.substring(3);
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--cluster pg:...: the file after \"pg:\" is not a valid path (" + e.getReason() + ")");
        }
    }

    private static double number(String flag, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, got \"" + value + "\"");
        }
    }

    /** A seed is a whole number: "1.5" or "1e30" would otherwise be cut to some other seed without a word. */
    private static long wholeNumber(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number from " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE + ", got \"" + value + "\"");
        }
    }

    /** Where runs are recorded. */
    public Journal openJournal() {
        return journal.map(Journal::at).orElseGet(Journal::atDefaultLocation);
    }

    /**
     * Open the cluster these options describe: the PostgreSQL cluster's definition (read, not contacted:
     * the table then shows which nodes answer), or the simulated scenario.
     */
    public ClusterConnection openCluster() throws ClusterException {
        return postgres.isPresent() ? Installed.backends().parse("pg:" + postgres.get()).open(OpenOptions.real()) : open();
    }

    /** Start the simulated cluster these options describe. */
    public SimCluster open() throws ClusterException {
        Scenario s = Scenarios.resolve(scenario);
        return SimCluster.start(s, seed, new RealTimeClock(speed));
    }
}
