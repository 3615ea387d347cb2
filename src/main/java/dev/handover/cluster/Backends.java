package dev.handover.cluster;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import java.util.List;
import java.util.Optional;

/**
 * The registry of cluster kinds: parses a cluster address ({@code <scheme>:<location>}) to its backend,
 * opens it, and answers for recorded runs by the cluster name their record keeps. Filled once by the
 * composition root ({@code dev.handover.app.Installed}); the CLI and the console share it.
 */
public final class Backends {
    private final List<ClusterBackend> all;

    public Backends(List<ClusterBackend> all) {
        this.all = List.copyOf(all);
        if (this.all.stream().map(ClusterBackend::scheme).distinct().count() != this.all.size()) {
            throw new IllegalArgumentException("two backends claim the same scheme");
        }
    }

    public List<ClusterBackend> all() {
        return all;
    }

    public Optional<ClusterBackend> backend(String scheme) {
        return all.stream().filter(b -> b.scheme().equals(scheme)).findFirst();
    }

    /** Every form an address can take, e.g. {@code sim:<scenario name or file>, pg:<cluster definition file>}. */
    public String forms() {
        return String.join(", ", all.stream().map(b -> b.scheme() + ":" + b.locationHint()).toList());
    }

    /**
     * The backend and location {@code text} names.
     *
     * @throws ClusterException naming what is wrong: no scheme, an unknown one (the known ones listed), no location
     */
    public Address parse(String text) throws ClusterException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ClusterException("\"" + text + "\" is not a cluster address: expected " + forms()
                    + ", e.g. " + example());
        }
        String scheme = text.substring(0, colon);
        String location = text.substring(colon + 1);
        ClusterBackend backend = backend(scheme).orElseThrow(() -> new ClusterException("\"" + text
                + "\": unknown kind of cluster \"" + scheme + ":\" (known: "
                + String.join(", ", all.stream().map(b -> b.scheme() + ":").toList()) + ")"));
        if (location.isBlank()) {
            throw new ClusterException("\"" + text + "\": name " + backend.locationHint() + " after \"" + scheme + ":\"");
        }
        return new Address(backend, location);
    }

    /** How a recorded run on the cluster named {@code recordedName} writes positions; plain for an unknown kind. */
    public Positions positionsOf(String recordedName) {
        return kindOf(recordedName).map(ClusterBackend::recordedPositions).orElse(Positions.PLAIN);
    }

    /**
     * Whether a cluster named so in a record is known to have ended with the process that ran it (a simulation).
     * False for a kind this registry does not know: such a run may have left a real cluster frozen, and is not
     * to be waved off as a simulation.
     */
    public boolean endedWithItsProcess(String recordedName) {
        return kindOf(recordedName).map(b -> !b.outlivesProcess()).orElse(false);
    }

    /** Whether a cluster named so in a record can be reopened (a real one), to recover or repair it. */
    public boolean reopenable(String recordedName) {
        return kindOf(recordedName).map(ClusterBackend::outlivesProcess).orElse(false);
    }

    /**
     * The cluster a run was journaled on, by the name its record keeps; refused, saying why, for a cluster
     * that did not outlive its process (a simulation). Contacts nothing.
     */
    public ClusterConnection reopen(String recordedName) throws ClusterException {
        Address a = parse(recordedName);
        if (!a.backend().outlivesProcess()) {
            throw new ClusterException(recordedName + " cannot be reopened: a " + a.backend().engine()
                    + " lives only in the process that ran it; only a real cluster ("
                    + String.join(", ", all.stream().filter(ClusterBackend::outlivesProcess)
                    .map(b -> b.scheme() + ":" + b.locationHint()).toList()) + ") outlives it");
        }
        return a.open(OpenOptions.real());
    }

    /**
     * Opens {@code address} and makes sure at least one node answers; closed again, with every node named and
     * why, when none does. For the console's "open a cluster", where an address that reaches nothing is refused.
     */
    public static ClusterConnection connect(Address address, OpenOptions options) throws ClusterException {
        ClusterConnection cluster = address.open(options);
        try {
            ClusterSnapshot s = cluster.status();
            if (s.nodes().stream().allMatch(n -> n.health() == Health.UNREACHABLE)) {
                throw unreachable(address, ": no node can be reached: " + String.join("; ", s.nodes().stream()
                        .map(n -> n.id() + " (" + n.node().addr() + "): " + (n.detail().isEmpty() ? "no answer" : n.detail()))
                        .toList()));
            }
            return cluster;
        } catch (ClusterException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** "ADDRESS: no node can be reached…", about the address's definition file when its location is one. */
    private static ClusterException unreachable(Address address, String afterAddress) {
        try {
            return ClusterException.inFile(Path.of(address.location()), address.text(), afterAddress, null);
        } catch (InvalidPathException e) {
            return new ClusterException(address.text() + afterAddress);
        }
    }

    /** Lets a backend's helper process run when the launcher was started for one; false when not. */
    public boolean runSideCommand(String[] args) {
        for (ClusterBackend b : all) {
            if (b.runSideCommand(args)) {
                return true;
            }
        }
        return false;
    }

    private Optional<ClusterBackend> kindOf(String recordedName) {
        if (recordedName == null) {
            return Optional.empty();
        }
        int colon = recordedName.indexOf(':');
        return colon <= 0 ? Optional.empty() : backend(recordedName.substring(0, colon));
    }

    private String example() {
        return all.isEmpty() ? "" : all.get(0).scheme() + ":" + all.get(0).catalog().stream().findFirst()
                .map(ClusterBackend.Entry::name).orElse("cluster.json");
    }

    /** A parsed cluster address. */
    public record Address(ClusterBackend backend, String location) {
        public String text() {
            return backend.scheme() + ":" + location;
        }

        public ClusterConnection open(OpenOptions options) throws ClusterException {
            return backend.open(location, options);
        }

        /** The password variables this cluster's definition names ({@link ClusterBackend#secretVariables}). */
        public List<String> secretVariables() throws ClusterException {
            return backend.secretVariables(location);
        }

        /** Whether runs here take virtual or scaled time from a seed (a simulation). */
        public boolean simulated() {
            return backend.simulated();
        }
    }
}
