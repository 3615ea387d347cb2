package dev.handover.mariadb;

import dev.handover.cluster.ClusterException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A MariaDB GTID-replication cluster as a JSON file describes it (the shape of the PostgreSQL one:
 * {@code passwordEnv}, and {@code nodes} with {@code id}, {@code region}, {@code jdbcUrl}, {@code user},
 * {@code passwordEnv}). Load with {@link #load(Path)}.
 */
public record MariaDbClusterDefinition(Path source, List<MariaDbNodeDefinition> nodes) {

    public MariaDbClusterDefinition {
        Objects.requireNonNull(source, "source");
        nodes = List.copyOf(nodes);
    }

    /** Reads and validates a definition; a bad file gives one message naming the file and the field. */
    public static MariaDbClusterDefinition load(Path file) throws ClusterException {
        return MariaDbDefinitionReader.read(file);
    }

    public Optional<MariaDbNodeDefinition> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    public String fileName() {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }
}
