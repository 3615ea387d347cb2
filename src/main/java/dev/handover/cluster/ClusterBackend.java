package dev.handover.cluster;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * One kind of cluster the console and the CLI can open, named by the scheme of a cluster address
 * ({@code sim:healthy}, {@code pg:prod.json}, {@code mariadb:shop.json}). The only way a concrete engine
 * reaches the rooms above {@code cluster}: they ask {@link Backends} for an address, never name the engine.
 */
public interface ClusterBackend {

    /** The address prefix without its colon, e.g. {@code pg}. */
    String scheme();

    /** What follows the colon, for usage text, e.g. {@code <cluster definition file>}. */
    String locationHint();

    /** What runs such a cluster, for messages, e.g. {@code PostgreSQL}. */
    String engine();

    /**
     * What {@code plan} probes on such a cluster beyond the preflight, in a few words for the help (e.g. "slots,
     * synchronous standbys"); empty when it probes nothing of its own.
     */
    default String planProbes() {
        return "";
    }

    /**
     * Opens the cluster at {@code location}. A real one reads its definition and contacts nothing (the
     * status then shows who answers); a simulated one starts on the clock {@code options} asks for.
     *
     * @throws ClusterException naming the location and what was wrong with it
     */
    ClusterConnection open(String location, OpenOptions options) throws ClusterException;

    /**
     * How records of runs made on a cluster of this kind write positions, when the cluster itself is not
     * open (history, recovery): the engine's own form where it has one that needs no live cluster.
     */
    default Positions recordedPositions() {
        return Positions.PLAIN;
    }

    /** Whether clusters of this kind are simulated: runs take virtual or scaled time and replay from a seed. */
    default boolean simulated() {
        return false;
    }

    /**
     * Whether a cluster of this kind outlives the process that ran on it, so a journaled run can be
     * reopened by its recorded name to check or repair it. A simulation does not.
     */
    default boolean outlivesProcess() {
        return !simulated();
    }

    /**
     * The environment variables the cluster at {@code location} reads its passwords from ({@code passwordEnv}),
     * in the order its definition names them; none for a backend without passwords. Reads the definition,
     * contacts nothing: the console asks the operator for those unset before it opens the cluster.
     *
     * @throws ClusterException naming what is wrong with the definition
     */
    default List<String> secretVariables(String location) throws ClusterException {
        return List.of();
    }

    /** Clusters this backend carries built in (the simulator's scenarios), with a one-line title each. */
    default List<Entry> catalog() {
        return List.of();
    }

    /**
     * Runs a helper process this backend starts from its own launcher (PostgreSQL's freeze keeper), when
     * {@code args} names one; false when they do not.
     */
    default boolean runSideCommand(String[] args) {
        return false;
    }

    /** The definition file named after {@code scheme:}, or a message naming what is wrong with the path. */
    static Path definitionFile(String scheme, String location) throws ClusterException {
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw ClusterException.naming(scheme + ":" + location, ": the file after \"" + scheme + ":\" is not a valid path ("
                    + e.getReason() + ")");
        }
    }

    /** A cluster the backend carries built in. */
    record Entry(String name, String title) {
    }
}
