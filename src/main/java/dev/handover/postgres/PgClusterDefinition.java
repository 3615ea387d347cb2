package dev.handover.postgres;

import dev.handover.cluster.ClusterException;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL streaming-replication cluster as a JSON file describes it. Holds no password: see
 * {@link PgNodeDefinition}. Load with {@link #load(Path)}.
 *
 * @param source the file it came from, for messages
 * @param nodes  the nodes, in file order; ids unique
 * @param bouncers the PgBouncers in front of the cluster, paused around a switchover and retargeted; may be empty
 */
public record PgClusterDefinition(Path source, List<PgNodeDefinition> nodes, List<BouncerDefinition> bouncers) {

    public PgClusterDefinition {
        Objects.requireNonNull(source, "source");
        nodes = List.copyOf(nodes);
        bouncers = List.copyOf(bouncers);
    }

    /** A cluster no PgBouncer stands in front of. */
    public PgClusterDefinition(Path source, List<PgNodeDefinition> nodes) {
        this(source, nodes, List.of());
    }

    /** Reads and validates a definition; a bad file gives one message naming the file and the field. */
    public static PgClusterDefinition load(Path file) throws ClusterException {
        return PgDefinitionReader.read(file);
    }

    public Optional<PgNodeDefinition> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** {@code host:port} as {@code id (host:port)} where a node listens there, else as given: how a route is shown. */
    public String nodeAt(String addr) {
        return nodes.stream().filter(n -> n.addr().equals(addr)).findFirst().map(n -> n.id() + " (" + addr + ")").orElse(addr);
    }

    /** The file name without directories, e.g. {@code prod.json}. */
    public String fileName() {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }
}
