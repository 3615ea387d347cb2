package dev.handover.postgres.harness;

import dev.handover.testing.RealServers;
import dev.handover.testing.Await;
import dev.handover.cluster.ClusterException;
import dev.handover.postgres.PgClusterDefinition;
import dev.handover.postgres.PgConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A throwaway streaming-replication cluster on loopback: {@code initdb} a primary with
 * {@code wal_log_hints} on, {@code pg_basebackup -R} the standbys, free ports, temp directories, all
 * run as a non-root OS user. {@link #close()} stops every server and deletes everything, and a
 * shutdown hook does the same if the JVM goes down first.
 */
public final class LoopbackCluster implements AutoCloseable {
    public static final String TABLE = "handover_probe";

    private final Shell shell;
    private final Path bin;
    private final Path base;
    private final List<Node> nodes;
    private final PgClusterDefinition definition;
    private final Thread hook;
    private final String password;
    private final ClusterShape shape;
    private boolean closed;

    /** One node: id {@code pg1}..; data directory; port. */
    public record Node(String id, Path dataDir, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }
    }

    private LoopbackCluster(Shell shell, Path bin, Path base, List<Node> nodes, ClusterShape shape)
            throws IOException, ClusterException {
        this.shape = shape;
        this.password = shape.password();
        this.shell = shell;
        this.bin = bin;
        this.base = base;
        this.nodes = nodes;
        this.hook = new Thread(this::teardown, "loopback-cluster-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        this.definition = PgClusterDefinition.load(writeDefinition());
    }

    /** Starts a primary ({@code pg1}) and {@code size - 1} streaming standbys; torn down again if any step fails. */
    public static LoopbackCluster start(int size) throws IOException, ClusterException {
        return start(ClusterShape.harness(size));
    }

    /**
     * The same, but ordinary TCP sessions must log in as {@code postgres} with {@code password}
     * (scram-sha-256); replication connections stay trusted, as a passfile would make them.
     */
    public static LoopbackCluster start(int size, String password) throws IOException, ClusterException {
        return start(ClusterShape.harness(size).withPassword(password));
    }

    /** A cluster of the given shape; torn down again if any step fails. */
    public static LoopbackCluster start(ClusterShape shape) throws IOException, ClusterException {
        RealServers.starting("a PostgreSQL cluster");
        Shell shell = Shell.forThisHost();
        Path bin = PgBinaries.bin();
        Path base = Files.createTempDirectory("handover-pg-");
        shell.own(base);
        List<Node> nodes = new ArrayList<>();
        List<Integer> ports = freePorts(shape.size());
        for (int i = 0; i < shape.size(); i++) {
            nodes.add(new Node("pg" + (i + 1), base.resolve("pg" + (i + 1)), ports.get(i)));
        }
        LoopbackCluster cluster = new LoopbackCluster(shell, bin, base, nodes, shape);
        try {
            cluster.build();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public ClusterShape shape() {
        return shape;
    }

    /** A connector for Handover that finds the password where the definition says ({@link ClusterShape#PASSWORD_ENV}). */
    public PgConnector connector() {
        return new PgConnector(Map.of(ClusterShape.PASSWORD_ENV, password)::get, Duration.ofSeconds(3));
    }

    /** The environment a Handover child process needs for this cluster's definition. */
    public Map<String, String> environment() {
        return password.isEmpty() ? Map.of() : Map.of(ClusterShape.PASSWORD_ENV, password);
    }

    public PgClusterDefinition definition() {
        return definition;
    }

    public Path definitionFile() {
        return base.resolve("cluster.json");
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /** All nodes in one URL; the driver picks whichever is primary now, so writes follow a switchover. */
    public String multiHostUrl() {
        return "jdbc:postgresql://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","))
                + "/postgres?targetServerType=primary&hostRecheckSeconds=0&connectTimeout=2&loginTimeout=3&socketTimeout=10";
    }

    /** An ordinary session on one node (no read-only override), as an application would have. */
    public Connection connect(String id) throws SQLException {
        return DriverManager.getConnection(node(id).jdbcUrl(), "postgres", password);
    }

    public Path bin() {
        return bin;
    }

    public Shell shell() {
        return shell;
    }

    private void build() throws IOException {
        Node primary = nodes.get(0);
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", primary.dataDir().toString(),
                "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        if (shape.checksums()) {
            initdb.add("--data-checksums");
        }
        shell.run(initdb.toArray(String[]::new));
        StringBuilder conf = new StringBuilder("""
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 10
                max_replication_slots = 10
                hot_standby = on
                shared_buffers = '32MB'
                max_connections = 40
                wal_receiver_status_interval = '1s'
                """.formatted(base));
        if (!shape.checksums()) {
            conf.append("wal_log_hints = on\n");
        }
        if (!shape.slotPerStandby()) {
            conf.append("wal_keep_size = '512MB'\n");
        }
        if (shape.fastRetry()) {
            conf.append("wal_retrieve_retry_interval = '100ms'\n");
        }
        appendConfig(primary, conf.toString());
        startNode(primary);
        try (Connection c = connect(primary.id()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            if (!password.isEmpty()) {
                st.execute("SET log_statement = 'none'");
                st.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
                if (!shape.replicationUser().isEmpty()) {
                    st.execute("CREATE ROLE " + shape.replicationUser() + " LOGIN REPLICATION PASSWORD '"
                            + password.replace("'", "''") + "'");
                }
                requirePasswords(primary);
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("creating " + TABLE + " on " + primary.id() + " failed: " + e.getMessage(), e);
        }
        for (int i = 1; i < nodes.size(); i++) {
            Node standby = nodes.get(i);
            boolean slot = shape.standbyUsesSlot(i);
            List<String> backup = new ArrayList<>(List.of(bin.resolve("pg_basebackup").toString(), "-d",
                    "host=127.0.0.1 port=" + primary.port() + " user=" + shape.streamingUser()
                            + (shape.replicationUser().isEmpty() || password.isEmpty() ? "" : " password=" + password)
                            + (shape.slotPerStandby() ? " application_name=" + standby.id() : ""),
                    "-D", standby.dataDir().toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync"));
            if (slot && shape.slotPerStandby()) {
                backup.addAll(List.of("-C", "-S", standby.id())); // pg_basebackup creates it and names it in primary_slot_name
            }
            shell.run(backup.toArray(String[]::new));
            if (slot && !shape.slotPerStandby()) {
                try (Connection c = connect(primary.id()); Statement st = c.createStatement()) {
                    st.execute("SELECT pg_create_physical_replication_slot('" + standby.id() + "', true)");
                } catch (SQLException e) {
                    throw new IOException("creating slot " + standby.id() + " failed: " + e.getMessage(), e);
                }
            }
            appendConfig(standby, slot && !shape.slotPerStandby() ? "primary_slot_name = '" + standby.id() + "'\n" : "");
            startNode(standby);
        }
        Await.until("every standby streaming from " + primary.id() + " (streaming senders)", Duration.ofSeconds(30), () -> {
            try (Connection c = connect(primary.id()); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                rs.next();
                return rs.getInt(1);
            }
        }, n -> n == nodes.size() - 1);
        if (shape.syncStandbys().isPresent()) {
            // Only now: set on the primary alone while it had no standby, the CREATE TABLE above would wait forever.
            for (Node n : nodes) {
                Path file = n.dataDir().resolve("postgresql.conf");
                Files.writeString(file, Files.readString(file) + "synchronous_standby_names = '" + shape.syncStandbys().get() + "'\n");
                shell.run(bin.resolve("pg_ctl").toString(), "reload", "-D", n.dataDir().toString());
            }
        }
    }

    /** Ordinary TCP logins need the password; replication and the Unix socket stay trusted. pg_basebackup copies this. */
    private void requirePasswords(Node node) throws IOException {
        Path hba = node.dataDir().resolve("pg_hba.conf");
        String pattern = shape.replicationUser().isEmpty() ? "(?m)^(host\\s+all\\s+all\\s+\\S+\\s+)trust\\s*$"
                : "(?m)^(host\\s+\\S+\\s+all\\s+\\S+\\s+)trust\\s*$"; // replication too, in production
        String text = Files.readString(hba).replaceAll(pattern, "$1scram-sha-256");
        Files.writeString(hba, text);
    }

    /** Port and name go last, so they win over what pg_basebackup copied from the primary. */
    private void appendConfig(Node node, String extra) throws IOException {
        String conf = extra + (shape.portOnStartCommand() ? "" : "port = " + node.port() + "\n")
                + "cluster_name = '" + node.id() + "'\n";
        Path file = node.dataDir().resolve("postgresql.conf");
        Files.writeString(file, Files.readString(file) + "\n" + conf);
    }

    /** Starts a node that was stopped or killed, as it was started at first. */
    public void start(String id) throws IOException {
        startNode(node(id));
    }

    private void startNode(Node node) throws IOException {
        List<String> argv = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", node.dataDir().toString(),
                "-w", "-t", "60", "-l", base.resolve(node.id() + ".log").toString()));
        if (shape.portOnStartCommand()) {
            argv.addAll(List.of("-o", "-p " + node.port()));
        }
        try {
            shell.run(argv.toArray(String[]::new));
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\n" + node.id() + ".log ends:\n" + logTail(base.resolve(node.id() + ".log")), e);
        }
    }

    /** The last lines of a node's server log: why it did not start (a port taken by another process, a bad setting). */
    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    private Path writeDefinition() throws IOException {
        StringBuilder json = new StringBuilder("{\n" + (password.isEmpty() || shape.replicationUser().isEmpty() ? ""
                : "  \"passwordEnv\": \"" + ClusterShape.PASSWORD_ENV + "\",\n") + "  \"nodes\": [\n");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            json.append("    {\"id\": \"").append(n.id()).append("\", \"region\": \"loopback\", \"jdbcUrl\": \"")
                    .append(n.jdbcUrl()).append("\", \"user\": \"postgres\",\n     \"local\": {\"dataDir\": \"")
                    .append(n.dataDir()).append("\", \"pgCtl\": \"").append(bin.resolve("pg_ctl")).append('"');
            if (Shell.isRoot()) {
                json.append(", \"osUser\": \"").append(shell.osUser()).append('"');
            }
            json.append("}}").append(i + 1 < nodes.size() ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        Path file = definitionFile();
        Files.writeString(file, json);
        return file;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                s.setReuseAddress(true);
                held.add(s);
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** The server log of a node, for a failing test's message. */
    public String log(String id) {
        try {
            return Files.readString(base.resolve(id + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        for (Node n : nodes) {
            if (Files.exists(n.dataDir().resolve("postmaster.pid"))) {
                shell.runQuietly(bin.resolve("pg_ctl").toString(), "stop", "-D", n.dataDir().toString(), "-m", "immediate", "-w");
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + base, e);
        }
    }
}
