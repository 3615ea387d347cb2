package dev.handover.mariadb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.DefinitionFile;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A MariaDB cluster definition file, read field by field ({@link DefinitionFile}): the first problem is the message. */
final class MariaDbDefinitionReader {
    private static final Set<String> TOP_FIELDS = Set.of("passwordEnv", "nodes");
    private static final Set<String> NODE_FIELDS = Set.of("id", "region", "jdbcUrl", "user", "passwordEnv");

    private final DefinitionFile in;

    private MariaDbDefinitionReader(Path file) {
        this.in = new DefinitionFile(file, "name an environment variable in passwordEnv");
    }

    static MariaDbClusterDefinition read(Path file) throws ClusterException {
        return new MariaDbDefinitionReader(file).read();
    }

    private MariaDbClusterDefinition read() throws ClusterException {
        JsonNode root = in.readObject();
        in.checkFields(root, TOP_FIELDS, "");
        Optional<String> clusterPasswordEnv = in.envName(root, "passwordEnv", "passwordEnv");
        List<MariaDbNodeDefinition> out = in.nodes(root, "replica", (n, at) -> node(n, at, clusterPasswordEnv), MariaDbNodeDefinition::id);
        return new MariaDbClusterDefinition(in.file(), out);
    }

    private MariaDbNodeDefinition node(JsonNode n, String at, Optional<String> clusterPasswordEnv) throws ClusterException {
        if (n == null || !n.isObject()) {
            throw in.fail(at, "must be an object with id, region, jdbcUrl and user");
        }
        in.checkFields(n, NODE_FIELDS, at + ".");
        String id = in.nodeId(n, at + ".id");
        String region = in.text(n, "region", at + ".region");
        String jdbcUrl = in.text(n, "jdbcUrl", at + ".jdbcUrl");
        String user = in.text(n, "user", at + ".user");
        Optional<String> passwordEnv = in.envName(n, "passwordEnv", at + ".passwordEnv").or(() -> clusterPasswordEnv);
        URI uri = in.jdbcUri(jdbcUrl, at + ".jdbcUrl", "mariadb", "jdbc:mariadb://db1.example.com:3306/");
        int port = uri.getPort() < 0 ? 3306 : uri.getPort();
        return new MariaDbNodeDefinition(id, region, jdbcUrl, uri.getHost(), port, user, passwordEnv);
    }
}
