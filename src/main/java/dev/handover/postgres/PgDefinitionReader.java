package dev.handover.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.DefinitionFile;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL cluster definition file — nodes, their local control, PgBouncers — read field by field
 * ({@link DefinitionFile}): every mistake is one message {@code file: field: what is wrong}, the first found.
 */
final class PgDefinitionReader {
    private static final Set<String> TOP_FIELDS = Set.of("passwordEnv", "nodes", "pgbouncers");
    private static final Set<String> BOUNCER_FIELDS = Set.of("id", "admin", "user", "passwordEnv", "databases", "targetFile",
            "pauseTimeoutMs");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");
    private static final Set<String> NODE_FIELDS = Set.of("id", "region", "jdbcUrl", "user", "passwordEnv", "local");
    private static final Set<String> LOCAL_FIELDS = Set.of("dataDir", "configDir", "pgCtl", "osUser");

    private final DefinitionFile in;

    private PgDefinitionReader(Path file) {
        this.in = new DefinitionFile(file, "name an environment variable in passwordEnv or use ~/.pgpass");
    }

    static PgClusterDefinition read(Path file) throws ClusterException {
        return new PgDefinitionReader(file).read();
    }

    private PgClusterDefinition read() throws ClusterException {
        JsonNode root = in.readObject();
        in.checkFields(root, TOP_FIELDS, "");
        Optional<String> clusterPasswordEnv = in.envName(root, "passwordEnv", "passwordEnv");
        List<PgNodeDefinition> out = in.nodes(root, "standby", (n, at) -> node(n, at, clusterPasswordEnv), PgNodeDefinition::id);
        Set<String> ids = new HashSet<>(out.stream().map(PgNodeDefinition::id).toList());
        List<BouncerDefinition> bouncers = new ArrayList<>();
        JsonNode pgb = root.get("pgbouncers");
        if (pgb != null && !pgb.isNull()) {
            if (!pgb.isArray()) {
                throw in.fail("pgbouncers", "must be an array of PgBouncer entries");
            }
            for (int i = 0; i < pgb.size(); i++) {
                BouncerDefinition b = bouncer(pgb.get(i), "pgbouncers[" + i + "]", clusterPasswordEnv);
                if (!ids.add(b.id())) {
                    throw in.fail("pgbouncers[" + i + "].id", "duplicate id \"" + b.id() + "\" (node and bouncer ids are one namespace)");
                }
                if (bouncers.stream().anyMatch(o -> o.targetFile().equals(b.targetFile()))) {
                    throw in.fail("pgbouncers[" + i + "].targetFile", "another bouncer already uses " + b.targetFile());
                }
                bouncers.add(b);
            }
        }
        return new PgClusterDefinition(in.file(), out, bouncers);
    }

    private BouncerDefinition bouncer(JsonNode n, String at, Optional<String> clusterPasswordEnv) throws ClusterException {
        if (n == null || !n.isObject()) {
            throw in.fail(at, "must be an object with id, admin, user, databases and targetFile");
        }
        in.checkFields(n, BOUNCER_FIELDS, at + ".");
        String id = in.nodeId(n, at + ".id");
        String admin = in.text(n, "admin", at + ".admin");
        Matcher hp = Pattern.compile("^(\\[[^\\]]+\\]|[^:\\[\\]]+):(\\d{1,5})$").matcher(admin);
        if (!hp.matches() || Integer.parseInt(hp.group(2)) < 1 || Integer.parseInt(hp.group(2)) > 65535) {
            throw in.fail(at + ".admin", "must be host:port of PgBouncer's listener (port 1-65535), got \"" + admin + "\"");
        }
        String host = hp.group(1).startsWith("[") ? hp.group(1).substring(1, hp.group(1).length() - 1) : hp.group(1);
        String user = in.text(n, "user", at + ".user");
        Optional<String> passwordEnv = in.envName(n, "passwordEnv", at + ".passwordEnv").or(() -> clusterPasswordEnv);
        JsonNode dbs = n.get("databases");
        if (dbs == null || !dbs.isArray() || dbs.isEmpty()) {
            throw in.fail(at + ".databases", "must be a non-empty array of the [databases] entries that route to the primary");
        }
        List<String> databases = new ArrayList<>();
        for (int i = 0; i < dbs.size(); i++) {
            String db = element(dbs, i, at + ".databases[" + i + "]");
            if (!DB_NAME.matcher(db).matches() || db.equals("pgbouncer")) {
                throw in.fail(at + ".databases[" + i + "]", "\"" + db + "\" must be 1-63 letters, digits or '_', and not "
                        + "pgbouncer (the admin console)");
            }
            if (databases.contains(db)) {
                throw in.fail(at + ".databases[" + i + "]", "\"" + db + "\" is listed twice");
            }
            databases.add(db);
        }
        Path target = Path.of(in.text(n, "targetFile", at + ".targetFile"));
        if (!target.isAbsolute()) {
            throw in.fail(at + ".targetFile", "must be an absolute path (the file PgBouncer %includes), got " + target);
        }
        Duration pause = BouncerDefinition.DEFAULT_PAUSE_TIMEOUT;
        JsonNode p = n.get("pauseTimeoutMs");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > 600_000) {
                throw in.fail(at + ".pauseTimeoutMs", "must be a whole number of milliseconds from 1 to 600000, got " + p);
            }
            pause = Duration.ofMillis(p.asInt());
        }
        return new BouncerDefinition(id, host, Integer.parseInt(hp.group(2)), user, passwordEnv, databases, target, pause);
    }

    private String element(JsonNode array, int index, String at) throws ClusterException {
        JsonNode v = array.get(index);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw in.fail(at, "must be a non-empty string");
        }
        return v.asText().trim();
    }

    private PgNodeDefinition node(JsonNode n, String at, Optional<String> clusterPasswordEnv) throws ClusterException {
        if (n == null || !n.isObject()) {
            throw in.fail(at, "must be an object with id, region, jdbcUrl and user");
        }
        in.checkFields(n, NODE_FIELDS, at + ".");
        String id = in.nodeId(n, at + ".id");
        String region = in.text(n, "region", at + ".region");
        String jdbcUrl = in.text(n, "jdbcUrl", at + ".jdbcUrl");
        String user = in.text(n, "user", at + ".user");
        Optional<String> passwordEnv = in.envName(n, "passwordEnv", at + ".passwordEnv").or(() -> clusterPasswordEnv);
        URI uri = in.jdbcUri(jdbcUrl, at + ".jdbcUrl", "postgresql", "jdbc:postgresql://db1.example.com:5432/postgres");
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? user : uri.getPath().substring(1);
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        Optional<LocalControl> local = Optional.empty();
        JsonNode l = n.get("local");
        if (l != null && !l.isNull()) {
            local = Optional.of(local(l, at + ".local"));
        }
        return new PgNodeDefinition(id, region, jdbcUrl, host, port, db, user, passwordEnv, local);
    }

    private LocalControl local(JsonNode l, String at) throws ClusterException {
        if (!l.isObject()) {
            throw in.fail(at, "must be an object with dataDir, pgCtl and optionally osUser");
        }
        in.checkFields(l, LOCAL_FIELDS, at + ".");
        Path dataDir = Path.of(in.text(l, "dataDir", at + ".dataDir"));
        if (!dataDir.isAbsolute()) {
            throw in.fail(at + ".dataDir", "must be an absolute path, got " + dataDir);
        }
        Path pgCtl = Path.of(in.text(l, "pgCtl", at + ".pgCtl"));
        if (!pgCtl.isAbsolute() || !Files.isExecutable(pgCtl)) {
            throw in.fail(at + ".pgCtl", "must be the absolute path of an executable pg_ctl, got " + pgCtl);
        }
        Optional<Path> configDir = Optional.empty();
        if (l.has("configDir")) {
            configDir = Optional.of(Path.of(in.text(l, "configDir", at + ".configDir")));
            if (!configDir.get().isAbsolute()) {
                throw in.fail(at + ".configDir", "must be an absolute path, got " + configDir.get());
            }
        }
        Optional<String> osUser = Optional.empty();
        if (l.has("osUser")) {
            osUser = Optional.of(in.text(l, "osUser", at + ".osUser"));
        }
        return new LocalControl(dataDir, configDir, pgCtl, osUser);
    }
}
