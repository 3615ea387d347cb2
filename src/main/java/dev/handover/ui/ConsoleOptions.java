package dev.handover.ui;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;
import dev.handover.journal.Journal;
import dev.handover.run.HookSet;
import dev.handover.run.HooksFile;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the console opens, from its command line. With no arguments: the built-in simulated cluster
 * {@code healthy} on a real-time clock, so {@code mvn javafx:run} needs no set-up.
 *
 * @param cluster the cluster's address in the registry, e.g. {@code sim:healthy}, {@code pg:prod.json},
 *                {@code mariadb:shop.json}
 * @param speed   simulated seconds per wall-clock second (a simulation's)
 * @param seed    the simulation's seed, for a drill that replays the same
 * @param journal the journal's directory; empty for the user's data directory
 * @param hooks   the operator's commands and webhooks every run calls ({@code --hooks=FILE}), read at start
 */
public record ConsoleOptions(Backends.Address cluster, double speed, long seed, Optional<Path> journal, HookSet hooks) {
    public static final String DEFAULT_SCENARIO = "healthy";

    /** The console's options, the address forms the installed engines take among them. */
    public static String usage(Backends backends) {
        return "options: --scenario=NAME|FILE (default " + DEFAULT_SCENARIO + "), --cluster=ADDRESS ("
                + backends.forms() + "; instead of --scenario), --speed=X (default 1), --seed=N,"
                + " --journal=DIR (default: the user's data directory), --hooks=FILE (commands and webhooks around every run)";
    }

    /** Without operator hooks. */
    public ConsoleOptions(Backends.Address cluster, double speed, long seed, Optional<Path> journal) {
        this(cluster, speed, seed, journal, HookSet.NONE);
    }

    /**
     * Read {@code --scenario=}, {@code --cluster=}, {@code --speed=}, {@code --seed=}, {@code --journal=}; anything
     * else is refused with its name. {@code --scenario=NAME} is {@code --cluster=sim:NAME}; every address is checked
     * by {@code backends}, the registry the console's entry hands in, so a bad one is refused before anything opens.
     */
    public static ConsoleOptions parse(List<String> args, Backends backends) {
        Optional<String> scenario = Optional.empty();
        Optional<String> cluster = Optional.empty();
        double speed = 1.0;
        long seed = 1;
        Optional<Path> journal = Optional.empty();
        HookSet hooks = HookSet.NONE;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1).trim();
            switch (key) {
                case "--scenario" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--scenario needs a name or a file, e.g. --scenario=lagging-replica");
                    }
                    scenario = Optional.of(value);
                }
                case "--cluster" -> {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--cluster needs a cluster address: " + backends.forms());
                    }
                    cluster = Optional.of(value);
                }
                case "--speed" -> speed = number("--speed", value);
                case "--seed" -> seed = wholeNumber("--seed", value);
                case "--journal" -> journal = Optional.of(journalDirectory(value));
                case "--hooks" -> hooks = hooksFile(value);
                default -> throw new IllegalArgumentException("unknown option \"" + arg + "\"; " + usage(backends));
            }
        }
        if (!(speed > 0) || speed > 1000) {
            throw new IllegalArgumentException("--speed must be above 0 and at most 1000, got " + speed);
        }
        if (scenario.isPresent() && cluster.isPresent()) {
            throw new IllegalArgumentException("--scenario and --cluster both given: the console opens one cluster"
                    + " (--scenario=NAME is the same as --cluster=" + simulator(backends) + ":NAME)");
        }
        Backends.Address address;
        try {
            address = cluster.isPresent() ? backends.parse(cluster.get())
                    : backends.parse(simulator(backends) + ":" + scenario.orElse(DEFAULT_SCENARIO));
        } catch (ClusterException e) {
            throw new IllegalArgumentException((cluster.isPresent() ? "--cluster: " : "--scenario: ") + e.getMessage());
        }
        return new ConsoleOptions(address, speed, seed, journal, hooks);
    }

    /** The simulator's scheme, found by what the backend declares. */
    private static String simulator(Backends backends) {
        return backends.all().stream().filter(ClusterBackend::simulated).map(ClusterBackend::scheme).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulator is installed: name a cluster with --cluster ("
                        + backends.forms() + ")"));
    }

    /** A bad hooks file stops the start with one message: runs must not quietly lose their veto. */
    private static HookSet hooksFile(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--hooks needs a hooks file, e.g. --hooks=/etc/handover/hooks.json");
        }
        try {
            return HooksFile.read(Path.of(value));
        } catch (ClusterException e) {
            throw new IllegalArgumentException("--hooks " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--hooks " + value + " is not a usable path: " + e.getReason());
        }
    }

    private static Path journalDirectory(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--journal needs a directory, e.g. --journal=/tmp/handover");
        }
        Path dir;
        try {
            dir = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--journal " + value + " is not a usable path: " + e.getReason());
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--journal " + value + " is a file; name the directory that holds "
                    + Journal.FILE_NAME);
        }
        return dir;
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
     * Open the cluster these options name: a real one's definition is read, not contacted (the table then
     * shows which nodes answer); a simulation starts on a real-time clock at the speed and seed given.
     */
    public ClusterConnection openCluster() throws ClusterException {
        return openCluster(dev.handover.cluster.Environment.system());
    }

    /** The same, a real cluster's password variables read from {@code env} (the operator's typed ones included). */
    public ClusterConnection openCluster(dev.handover.cluster.Environment env) throws ClusterException {
        return cluster.open(OpenOptions.realTime(seed, speed).withEnvironment(env));
    }

    /** The password variables the cluster's definition names; none for a simulation. Reads, contacts nothing. */
    public java.util.List<String> secretVariables() throws ClusterException {
        return cluster.secretVariables();
    }
}
