package dev.handover.postgres;

import dev.handover.cluster.ClusterException;

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
 */
public record PgClusterDefinition(Path source, List<PgNodeDefinition> nodes) {

    public PgClusterDefinition {
        Objects.requireNonNull(source, "source");
        nodes = List.copyOf(nodes);
    }

    /** Reads and validates a definition; a bad file gives one message naming the file and the field. */
    public static PgClusterDefinition load(Path file) throws ClusterException {
        return PgDefinitionReader.read(file);
    }

    public Optional<PgNodeDefinition> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The file name without directories, e.g. {@code prod.json}. */
    public String fileName() {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }
}
