package dev.handover.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a cluster definition file by hand over Jackson's tree, the same way for every engine, so each
 * mistake is one message {@code file: field: what is wrong}, the first problem found. Passwords never
 * belong in the file; {@code passwordAdvice} says where they go on this engine.
 */
public final class DefinitionFile {
    public static final int MAX_NODES = 100;
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
    private final String passwordAdvice;

    /**
     * @param passwordAdvice where a password goes instead, e.g. {@code name an environment variable in passwordEnv}
     */
    public DefinitionFile(Path file, String passwordAdvice) {
        this.file = file;
        this.passwordAdvice = passwordAdvice;
    }

    public Path file() {
        return file;
    }

    /** The file's top-level object; a file that is missing, too large, not JSON or not an object is named so. */
    public JsonNode readObject() throws ClusterException {
        return readObject("a JSON object with a \"nodes\" array");
    }

    /** The same, for a file whose top level is {@code shape} (for the message when it is not an object). */
    public JsonNode readObject(String shape) throws ClusterException {
        JsonNode root;
        try {
            if (Files.isDirectory(file)) {
                throw ClusterException.inFile(file, "is a directory, not a cluster definition file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw ClusterException.inFile(file, "larger than 1 MiB, not a cluster definition file");
            }
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw ClusterException.inFile(file, "no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw ClusterException.inFile(file, "not valid JSON" + where + ": " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ClusterException.inFile(file, "cannot read: " + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw fail("(top level)", "must be " + shape);
        }
        return root;
    }

    /** The {@code nodes} array: at least a primary and one {@code replicaWord}, at most {@link #MAX_NODES}. */
    public JsonNode nodes(JsonNode root, String replicaWord) throws ClusterException {
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw fail("nodes", "must be an array of nodes");
        }
        if (nodes.size() < 2) {
            throw fail("nodes", "needs at least two nodes (a primary and a " + replicaWord + "), found " + nodes.size());
        }
        if (nodes.size() > MAX_NODES) {
            // Status reads every node at once, a session each: a runaway list must not open thousands.
            throw fail("nodes", "at most " + MAX_NODES + " nodes, found " + nodes.size());
        }
        return nodes;
    }

    /** Reads one entry of {@code nodes} at {@code at} (e.g. {@code nodes[2]}), or says what is wrong with it. */
    @FunctionalInterface
    public interface NodeReader<T> {
        T read(JsonNode node, String at) throws ClusterException;
    }

    /** The {@code nodes} array, each entry read by {@code reader}; a node id given twice is refused, naming the second. */
    public <T> List<T> nodes(JsonNode root, String replicaWord, NodeReader<T> reader, Function<T, String> idOf)
            throws ClusterException {
        JsonNode nodes = nodes(root, replicaWord);
        List<T> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            T node = reader.read(nodes.get(i), "nodes[" + i + "]");
            if (!ids.add(idOf.apply(node))) {
                throw fail("nodes[" + i + "].id", "duplicate node id \"" + idOf.apply(node) + "\"");
            }
            out.add(node);
        }
        return out;
    }

    /** Refuses a field not in {@code allowed}, and any field named like a password, before reading the rest. */
    public void checkFields(JsonNode obj, Set<String> allowed, String prefix) throws ClusterException {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equalsIgnoreCase("password")) {
                throw fail(prefix + f, "passwords do not belong in the definition file; " + passwordAdvice);
            }
            if (!allowed.contains(f)) {
                throw fail(prefix + f, "unknown field (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A required, non-empty string field, trimmed. */
    public String text(JsonNode obj, String field, String at) throws ClusterException {
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

    /** A node's id: 1-63 letters, digits, '.', '_' or '-'. */
    public String nodeId(JsonNode n, String at) throws ClusterException {
        String id = text(n, "id", at);
        if (!NODE_ID.matcher(id).matches()) {
            throw fail(at, "\"" + id + "\" must be 1-63 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /** An optional field naming an environment variable. */
    public Optional<String> envName(JsonNode obj, String field, String at) throws ClusterException {
        if (!obj.has(field) || obj.get(field).isNull()) {
            return Optional.empty();
        }
        String name = text(obj, field, at);
        if (!ENV_NAME.matcher(name).matches()) {
            throw fail(at, "must be the name of an environment variable (letters, digits, '_'), got \"" + name + "\"");
        }
        return Optional.of(name);
    }

    /**
     * A one-host JDBC URL of {@code scheme} ({@code jdbc:<scheme>://host[:port][/...]}), parsed. Credentials in it
     * are refused first and the URL is then never echoed.
     *
     * @param example a whole URL to show when the host is missing
     */
    public URI jdbcUri(String jdbcUrl, String at, String scheme, String example) throws ClusterException {
        if (USER_INFO.matcher(jdbcUrl).find()) {
            throw fail(at, "must not carry a user or password before the host (user:password@host); put the user in "
                    + "\"user\" and " + passwordAdvice);
        }
        if (PASSWORD_PARAM.matcher(jdbcUrl).find()) {
            throw fail(at, "must not carry a password; " + passwordAdvice);
        }
        String prefix = "jdbc:" + scheme + "://";
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
            uri = new URI(scheme + "://" + rest);
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
            throw fail(at, "needs a host, e.g. " + example);
        }
        return uri;
    }

    /** The one message for a bad field. */
    public ClusterException fail(String field, String what) {
        return ClusterException.inFile(file, field + ": " + what);
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
}
