package dev.handover.postgres.harness;

import dev.handover.testing.RealServers;
import dev.handover.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.cluster.ClusterException;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgClusterDefinition;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PgBouncer ({@code /usr/sbin/pgbouncer}, installed by {@code .ci/pgbouncer-deps} when missing) in
 * front of a {@link LoopbackCluster}, routing its {@code postgres} database to the current primary through
 * an {@code %include}d target file, as the cluster definition's {@code pgbouncers} entry describes it. Run
 * as the cluster's non-root OS user (PgBouncer refuses root); logins as {@code postgres} with the
 * cluster's password (scram) or trusted.
 */
public final class LoopbackBouncer implements AutoCloseable {
    public static final String DATABASE = "postgres";
    private static final Path INSTALLER = Path.of(".ci", "pgbouncer-deps");

    private final LoopbackCluster cluster;
    private final Path dir;
    private final int port;
    private final Path definitionFile;
    private boolean closed;

    private LoopbackBouncer(LoopbackCluster cluster, Path dir, int port) {
        this.cluster = cluster;
        this.dir = dir;
        this.port = port;
        this.definitionFile = dir.resolve("cluster-with-bouncer.json");
    }

    /** A bouncer pooling in {@code poolMode}, routing to {@code primaryId}; {@code pauseTimeout} goes into the definition. */
    public static LoopbackBouncer start(LoopbackCluster cluster, String primaryId, String poolMode, Duration pauseTimeout)
            throws IOException {
        RealServers.starting("PgBouncer");
        Path bin = binary();
        Path dir = Files.createTempDirectory("handover-pgb-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoopbackBouncer b = new LoopbackBouncer(cluster, dir, port);
        try {
            String password = cluster.shape().password();
            LoopbackCluster.Node primary = cluster.node(primaryId);
            Files.writeString(b.targetFile(), "[databases]\n" + DATABASE + " = host=127.0.0.1 port=" + primary.port()
                    + " dbname=" + DATABASE + "\n");
            Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"" + password + "\"\n");
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    %%include %s
                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = %s
                    auth_file = %s
                    admin_users = postgres
                    pool_mode = %s
                    default_pool_size = 20
                    max_client_conn = 200
                    ignore_startup_parameters = extra_float_digits
                    logfile = %s
                    pidfile = %s
                    """.formatted(b.targetFile(), port, password.isEmpty() ? "trust" : "scram-sha-256",
                    dir.resolve("userlist.txt"), poolMode, dir.resolve("pgbouncer.log"), dir.resolve("pgbouncer.pid")));
            cluster.shell().own(dir);
            cluster.shell().run(bin.toString(), "-d", dir.resolve("pgbouncer.ini").toString());
            b.writeDefinition(pauseTimeout);
            Await.until("PgBouncer answering on " + port, Duration.ofSeconds(20), () -> {
                try (Connection c = b.client()) {
                    return "answered";
                }
            }, "answered"::equals);
            return b;
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** The file PgBouncer {@code %include}s: its {@code [databases]} entries, which Handover rewrites. */
    public Path targetFile() {
        return dir.resolve("handover-databases.ini");
    }

    public int port() {
        return port;
    }

    /** The cluster's definition plus this bouncer as {@code pgb1}. */
    public Path definitionFile() {
        return definitionFile;
    }

    public PgClusterDefinition definition() throws ClusterException {
        return PgClusterDefinition.load(definitionFile);
    }

    /** Handover's connection to the cluster with the bouncer: freeze keeper logging to the bouncer's directory. */
    public PgCluster open() throws ClusterException {
        return new PgCluster(definition(), cluster.connector(), Optional.of(dir.resolve("keeper.log")));
    }

    /** An application's URL through the bouncer: no server-side prepared statements, as transaction pooling needs. */
    public String clientUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE
                + "?prepareThreshold=0&connectTimeout=5&socketTimeout=60";
    }

    public Connection client() throws SQLException {
        return DriverManager.getConnection(clientUrl(), "postgres", cluster.shape().password());
    }

    /** An admin-console session, as an operator's psql would open one. */
    public Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/pgbouncer?preferQueryMode=simple&assumeMinServerVersion=9.0", "postgres", cluster.shape().password());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("pgbouncer.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void writeDefinition(Duration pauseTimeout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(cluster.definitionFile().toFile());
        ObjectNode b = json.createObjectNode();
        b.put("id", "pgb1");
        b.put("admin", "127.0.0.1:" + port);
        b.put("user", "postgres");
        ArrayNode dbs = b.putArray("databases");
        dbs.add(DATABASE);
        b.put("targetFile", targetFile().toString());
        b.put("pauseTimeoutMs", pauseTimeout.toMillis());
        root.putArray("pgbouncers").add(b);
        Files.writeString(definitionFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** {@code /usr/sbin/pgbouncer}, else on the PATH, else installed once with {@code .ci/pgbouncer-deps}. */
    static synchronized Path binary() throws IOException {
        Optional<Path> found = find();
        if (found.isEmpty() && Files.isRegularFile(INSTALLER)) {
            try {
                Process p = new ProcessBuilder("bash", INSTALLER.toString()).inheritIO().start();
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            found = find();
        }
        return found.orElseThrow(() -> new IOException("pgbouncer not found and " + INSTALLER + " could not install it"));
    }

    private static Optional<Path> find() {
        String env = System.getenv("HANDOVER_PGBOUNCER");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        if (Files.isExecutable(Path.of("/usr/sbin/pgbouncer"))) {
            return Optional.of(Path.of("/usr/sbin/pgbouncer"));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "pgbouncer")).filter(Files::isExecutable).findFirst();
    }

    /** SIGKILL to the bouncer, as the OOM killer would; waits (bounded) until it is gone. */
    public void kill() throws IOException {
        long p = Long.parseLong(Files.readString(dir.resolve("pgbouncer.pid")).strip());
        ProcessHandle.of(p).ifPresent(h -> {
            h.destroyForcibly();
            Await.until("pgbouncer " + p + " to die", Duration.ofSeconds(20), () -> Faults.gone(p) ? "gone" : "still running",
                    "gone"::equals);
        });
    }

    /** Starts a killed bouncer again with the same configuration (its target file as the run left it), as its service would. */
    public void restart() throws IOException {
        Files.deleteIfExists(dir.resolve("pgbouncer.pid"));
        cluster.shell().run(binary().toString(), "-d", dir.resolve("pgbouncer.ini").toString());
        Await.until("PgBouncer answering on " + port + " again", Duration.ofSeconds(20), () -> {
            try (Connection c = admin()) {
                return "answered";
            }
        }, "answered"::equals);
    }

    /** Whether the bouncer's process is running (it may have been killed). */
    public boolean running() {
        try {
            long p = Long.parseLong(Files.readString(dir.resolve("pgbouncer.pid")).strip());
            return !Faults.gone(p);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Path pid = dir.resolve("pgbouncer.pid");
            if (Files.exists(pid)) {
                long p = Long.parseLong(Files.readString(pid).strip());
                ProcessHandle.of(p).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            // best effort; the directory goes below
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
