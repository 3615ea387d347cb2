package dev.handover.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handover.cluster.ClusterException;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a cluster definition file by hand over Jackson's tree, so every mistake is reported as
 * {@code file: field: what is wrong} — one message, the first problem found.
 */
final class PgDefinitionReader {
    private static final Set<String> TOP_FIELDS = Set.of("passwordEnv", "nodes", "pgbouncers");
    private static final Set<String> BOUNCER_FIELDS = Set.of("id", "admin", "user", "passwordEnv", "databases", "targetFile",
            "pauseTimeoutMs");
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");
    private static final Set<String> NODE_FIELDS = Set.of("id", "region", "jdbcUrl", "user", "passwordEnv", "local");
    private static final Set<String> LOCAL_FIELDS = Set.of("dataDir", "configDir", "pgCtl", "osUser");
    static final int MAX_NODES = 100;
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    /** {@code user:password@host}, or just {@code user@host}: credentials in the authority. */
    private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z:]*//[^/?#]*@");
    /** {@code ?password=...} or {@code &password=...}, any case. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)[?&;]\\s*password\\s*=");
    /** The port after the last ':' of the host part, outside an IPv6 literal's brackets. */
    private static final Pattern PORT = Pattern.compile(":([^:\\]]*)$");

    private final Path file;

    private PgDefinitionReader(Path file) {
        this.file = file;
    }

    static PgClusterDefinition read(Path file) throws ClusterException {
        return new PgDefinitionReader(file).read();
    }

    private PgClusterDefinition read() throws ClusterException {
        JsonNode root;
        try {
            if (Files.isDirectory(file)) {
                throw new ClusterException(file + ": is a directory, not a cluster definition file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ClusterException(file + ": larger than 1 MiB, not a cluster definition file");
            }
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ClusterException(file + ": no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new ClusterException(file + ": not valid JSON" + where + ": " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ClusterException(file + ": cannot read: " + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw fail("(top level)", "must be a JSON object with a \"nodes\" array");
        }
        checkFields(root, TOP_FIELDS, "");
        Optional<String> clusterPasswordEnv = envName(root, "passwordEnv", "passwordEnv");
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw fail("nodes", "must be an array of nodes");
        }
        if (nodes.size() < 2) {
            throw fail("nodes", "needs at least two nodes (a primary and a standby), found " + nodes.size());
        }
        if (nodes.size() > MAX_NODES) {
            // Status reads every node at once, a session each: a runaway list must not open thousands.
            throw fail("nodes", "at most " + MAX_NODES + " nodes, found " + nodes.size());
        }
        List<PgNodeDefinition> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            PgNodeDefinition node = node(nodes.get(i), "nodes[" + i + "]", clusterPasswordEnv);
            if (!ids.add(node.id())) {
                throw fail("nodes[" + i + "].id", "duplicate node id \"" + node.id() + "\"");
            }
            out.add(node);
        }
        List<BouncerDefinition> bouncers = new ArrayList<>();
        JsonNode pgb = root.get("pgbouncers");
        if (pgb != null && !pgb.isNull()) {
            if (!pgb.isArray()) {
                throw fail("pgbouncers", "must be an array of PgBouncer entries");
            }
            for (int i = 0; i < pgb.size(); i++) {
                BouncerDefinition b = bouncer(pgb.get(i), "pgbouncers[" + i + "]", clusterPasswordEnv);
                if (!ids.add(b.id())) {
                    throw fail("pgbouncers[" + i + "].id", "duplicate id \"" + b.id() + "\" (node and bouncer ids are one namespace)");
                }
                if (bouncers.stream().anyMatch(o -> o.targetFile().equals(b.targetFile()))) {
                    throw fail("pgbouncers[" + i + "].targetFile", "another bouncer already uses " + b.targetFile());
                }
                bouncers.add(b);
            }
        }
        return new PgClusterDefinition(file, out, bouncers);
    }

    private BouncerDefinition bouncer(JsonNode n, String at, Optional<String> clusterPasswordEnv) throws ClusterException {
        if (n == null || !n.isObject()) {
            throw fail(at, "must be an object with id, admin, user, databases and targetFile");
        }
        checkFields(n, BOUNCER_FIELDS, at + ".");
        String id = id(n, at);
        String admin = text(n, "admin", at + ".admin");
        Matcher hp = Pattern.compile("^(\\[[^\\]]+\\]|[^:\\[\\]]+):(\\d{1,5})$").matcher(admin);
        if (!hp.matches() || Integer.parseInt(hp.group(2)) < 1 || Integer.parseInt(hp.group(2)) > 65535) {
            throw fail(at + ".admin", "must be host:port of PgBouncer's listener (port 1-65535), got \"" + admin + "\"");
        }
        String host = hp.group(1).startsWith("[") ? hp.group(1).substring(1, hp.group(1).length() - 1) : hp.group(1);
        String user = text(n, "user", at + ".user");
        Optional<String> passwordEnv = envName(n, "passwordEnv", at + ".passwordEnv").or(() -> clusterPasswordEnv);
        JsonNode dbs = n.get("databases");
        if (dbs == null || !dbs.isArray() || dbs.isEmpty()) {
            throw fail(at + ".databases", "must be a non-empty array of the [databases] entries that route to the primary");
        }
        List<String> databases = new ArrayList<>();
        for (int i = 0; i < dbs.size(); i++) {
            String db = text(dbs, i, at + ".databases[" + i + "]");
            if (!DB_NAME.matcher(db).matches() || db.equals("pgbouncer")) {
                throw fail(at + ".databases[" + i + "]", "\"" + db + "\" must be 1-63 letters, digits or '_', and not "
                        + "pgbouncer (the admin console)");
            }
            if (databases.contains(db)) {
                throw fail(at + ".databases[" + i + "]", "\"" + db + "\" is listed twice");
            }
            databases.add(db);
        }
        Path target = Path.of(text(n, "targetFile", at + ".targetFile"));
        if (!target.isAbsolute()) {
            throw fail(at + ".targetFile", "must be an absolute path (the file PgBouncer %includes), got " + target);
        }
        Duration pause = BouncerDefinition.DEFAULT_PAUSE_TIMEOUT;
        JsonNode p = n.get("pauseTimeoutMs");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > 600_000) {
                throw fail(at + ".pauseTimeoutMs", "must be a whole number of milliseconds from 1 to 600000, got " + p);
            }
            pause = Duration.ofMillis(p.asInt());
        }
        return new BouncerDefinition(id, host, Integer.parseInt(hp.group(2)), user, passwordEnv, databases, target, pause);
    }

    /** A node's or a bouncer's id: one namespace, one rule. */
    private String id(JsonNode n, String at) throws ClusterException {
        String id = text(n, "id", at + ".id");
        if (!NODE_ID.matcher(id).matches()) {
            throw fail(at + ".id", "\"" + id + "\" must be 1-63 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private String text(JsonNode array, int index, String at) throws ClusterException {
        JsonNode v = array.get(index);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw fail(at, "must be a non-empty string");
        }
        return v.asText().trim();
    }

    private PgNodeDefinition node(JsonNode n, String at, Optional<String> clusterPasswordEnv) throws ClusterException {
        if (n == null || !n.isObject()) {
            throw fail(at, "must be an object with id, region, jdbcUrl and user");
        }
        checkFields(n, NODE_FIELDS, at + ".");
        String id = id(n, at);
        String region = text(n, "region", at + ".region");
        String jdbcUrl = text(n, "jdbcUrl", at + ".jdbcUrl");
        String user = text(n, "user", at + ".user");
        Optional<String> passwordEnv = envName(n, "passwordEnv", at + ".passwordEnv").or(() -> clusterPasswordEnv);
        URI uri = jdbcUri(jdbcUrl, at + ".jdbcUrl");
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
            throw fail(at, "must be an object with dataDir, pgCtl and optionally osUser");
        }
        checkFields(l, LOCAL_FIELDS, at + ".");
        Path dataDir = Path.of(text(l, "dataDir", at + ".dataDir"));
        if (!dataDir.isAbsolute()) {
            throw fail(at + ".dataDir", "must be an absolute path, got " + dataDir);
        }
        Path pgCtl = Path.of(text(l, "pgCtl", at + ".pgCtl"));
        if (!pgCtl.isAbsolute() || !Files.isExecutable(pgCtl)) {
            throw fail(at + ".pgCtl", "must be the absolute path of an executable pg_ctl, got " + pgCtl);
        }
        Optional<Path> configDir = Optional.empty();
        if (l.has("configDir")) {
            configDir = Optional.of(Path.of(text(l, "configDir", at + ".configDir")));
            if (!configDir.get().isAbsolute()) {
                throw fail(at + ".configDir", "must be an absolute path, got " + configDir.get());
            }
        }
        Optional<String> osUser = Optional.empty();
        if (l.has("osUser")) {
            osUser = Optional.of(text(l, "osUser", at + ".osUser"));
        }
        return new LocalControl(dataDir, configDir, pgCtl, osUser);
    }

    private URI jdbcUri(String jdbcUrl, String at) throws ClusterException {
        // Checked before anything else, and never echoed: the messages below quote the URL.
        if (USER_INFO.matcher(jdbcUrl).find()) {
            throw fail(at, "must not carry a user or password before the host (user:password@host); put the user in "
                    + "\"user\" and name an environment variable in passwordEnv or use ~/.pgpass");
        }
        if (PASSWORD_PARAM.matcher(jdbcUrl).find()) {
            throw fail(at, "must not carry a password; name an environment variable in passwordEnv or use ~/.pgpass");
        }
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw fail(at, "must start with " + prefix + ", got \"" + jdbcUrl + "\"");
        }
        String rest = jdbcUrl.substring(prefix.length());
        int end = rest.indexOf('/');
        String hosts = end < 0 ? rest : rest.substring(0, end);
        if (hosts.contains(",")) {
            throw fail(at, "must name exactly one host (one node per entry), got \"" + hosts + "\"");
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw fail(at, "is not a valid URL: " + e.getReason());
        }
        Matcher port = PORT.matcher(hosts.split("[?#]", 2)[0]);
        if (port.find() && !port.group(1).isEmpty()) {
            String p = port.group(1);
            if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw fail(at, "port must be a number from 1 to 65535, got \"" + p + "\"");
            }
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw fail(at, "needs a host, e.g. jdbc:postgresql://db1.example.com:5432/postgres");
        }
        return uri;
    }

    /** Jackson's message without its dump of the parser's source and location (the message gives line and column). */
    private static String plain(String jacksonMessage) {
        if (jacksonMessage == null) {
            return "unreadable";
        }
        String m = jacksonMessage.lines().findFirst().orElse(jacksonMessage);
        int cut = m.indexOf(" (start marker at");
        return cut >= 0 ? m.substring(0, cut) : m;
    }

    private void checkFields(JsonNode obj, Set<String> allowed, String prefix) throws ClusterException {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equalsIgnoreCase("password")) {
                throw fail(prefix + f, "passwords do not belong in the definition file; name an environment "
                        + "variable in passwordEnv or use ~/.pgpass");
            }
            if (!allowed.contains(f)) {
                throw fail(prefix + f, "unknown field (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private String text(JsonNode obj, String field, String at) throws ClusterException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw fail(at, "is missing");
        }
        if (!v.isTextual()) {
            throw fail(at, "must be a string, got " + v.getNodeType().name().toLowerCase());
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            throw fail(at, "must not be empty");
        }
        return s;
    }

    private Optional<String> envName(JsonNode obj, String field, String at) throws ClusterException {
        if (!obj.has(field) || obj.get(field).isNull()) {
            return Optional.empty();
        }
        String name = text(obj, field, at);
        if (!ENV_NAME.matcher(name).matches()) {
            throw fail(at, "must be the name of an environment variable (letters, digits, '_'), got \"" + name + "\"");
        }
        return Optional.of(name);
    }

    private ClusterException fail(String field, String what) {
        return new ClusterException(file + ": " + field + ": " + what);
    }
}
