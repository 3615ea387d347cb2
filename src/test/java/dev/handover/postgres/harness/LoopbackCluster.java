package dev.handover.postgres.harness;

import dev.handover.cluster.ClusterException;
import dev.handover.postgres.PgClusterDefinition;

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
    private boolean closed;

    /** One node: id {@code pg1}..; data directory; port. */
    public record Node(String id, Path dataDir, int port) {
        public String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }
    }

    private LoopbackCluster(Shell shell, Path bin, Path base, List<Node> nodes, String password)
            throws IOException, ClusterException {
        this.password = password;
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
        return start(size, "");
    }

    /**
     * The same, but ordinary TCP sessions must log in as {@code postgres} with {@code password}
     * (scram-sha-256); replication connections stay trusted, as a passfile would make them.
     */
    public static LoopbackCluster start(int size, String password) throws IOException, ClusterException {
        Shell shell = Shell.forThisHost();
        Path bin = PgBinaries.bin();
        Path base = Files.createTempDirectory("handover-pg-");
        shell.own(base);
        List<Node> nodes = new ArrayList<>();
        List<Integer> ports = freePorts(size);
        for (int i = 0; i < size; i++) {
            nodes.add(new Node("pg" + (i + 1), base.resolve("pg" + (i + 1)), ports.get(i)));
        }
        LoopbackCluster cluster = new LoopbackCluster(shell, bin, base, nodes, password);
        try {
            cluster.build();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
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
        shell.run(bin.resolve("initdb").toString(), "-D", primary.dataDir().toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync");
        appendConfig(primary, """
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                wal_level = replica
                wal_log_hints = on
                max_wal_senders = 10
                max_replication_slots = 10
                wal_keep_size = '512MB'
                hot_standby = on
                shared_buffers = '32MB'
                max_connections = 40
                wal_retrieve_retry_interval = '100ms'
                wal_receiver_status_interval = '1s'
                """.formatted(base));
        startNode(primary);
        try (Connection c = connect(primary.id()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            if (!password.isEmpty()) {
                st.execute("SET log_statement = 'none'");
                st.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
                requirePasswords(primary);
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("creating " + TABLE + " on " + primary.id() + " failed: " + e.getMessage(), e);
        }
        for (Node standby : nodes.subList(1, nodes.size())) {
            shell.run(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port()),
                    "-U", "postgres", "-D", standby.dataDir().toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync");
            // The last standby streams through a replication slot, as many real ones do.
            boolean slot = standby == nodes.get(nodes.size() - 1) && nodes.size() > 2;
            if (slot) {
                try (Connection c = connect(primary.id()); Statement st = c.createStatement()) {
                    st.execute("SELECT pg_create_physical_replication_slot('" + standby.id() + "', true)");
                } catch (SQLException e) {
                    throw new IOException("creating slot " + standby.id() + " failed: " + e.getMessage(), e);
                }
            }
            appendConfig(standby, slot ? "primary_slot_name = '" + standby.id() + "'\n" : "");
            startNode(standby);
        }
        Await.until("every standby streaming from " + primary.id(), Duration.ofSeconds(30), () -> {
            try (Connection c = connect(primary.id()); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                rs.next();
                return rs.getInt(1) == nodes.size() - 1;
            } catch (SQLException e) {
                return false;
            }
        });
    }

    /** Ordinary TCP logins need the password; replication and the Unix socket stay trusted. pg_basebackup copies this. */
    private void requirePasswords(Node node) throws IOException {
        Path hba = node.dataDir().resolve("pg_hba.conf");
        String text = Files.readString(hba).replaceAll("(?m)^(host\\s+all\\s+all\\s+\\S+\\s+)trust\\s*$", "$1scram-sha-256");
        Files.writeString(hba, text);
    }

    /** Port and name go last, so they win over what pg_basebackup copied from the primary. */
    private void appendConfig(Node node, String extra) throws IOException {
        String conf = extra + "port = " + node.port() + "\ncluster_name = '" + node.id() + "'\n";
        Path file = node.dataDir().resolve("postgresql.conf");
        Files.writeString(file, Files.readString(file) + "\n" + conf);
    }

    private void startNode(Node node) throws IOException {
        shell.run(bin.resolve("pg_ctl").toString(), "start", "-D", node.dataDir().toString(), "-w", "-t", "60",
                "-l", base.resolve(node.id() + ".log").toString());
    }

    private Path writeDefinition() throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"nodes\": [\n");
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
