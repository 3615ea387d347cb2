package dev.handover.mariadb.harness;

import dev.handover.testing.RealServers;
import dev.handover.testing.Await;
import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * A real 3-node MariaDB GTID cluster on loopback: one datadir, port, socket and pid file per node under
 * a fresh /tmp directory, {@code mariadbd} started directly (as a non-root OS user, which it insists on),
 * binlog + log_slave_updates + gtid_strict_mode, ROW format. Node 1 is the primary; the others replicate
 * from it by GTID. Logins are real: an admin user and an application user, both with passwords.
 * Torn down by pid file: a node is stopped when its pid file is gone (PID 1 here does not reap).
 */
public final class MariaDbLoopback implements AutoCloseable {
    public static final String ADMIN = "handover";
    public static final String ADMIN_PASSWORD = "handover-admin-pw";
    public static final String APP = "app";
    public static final String APP_PASSWORD = "app-pw";
    public static final String PASSWORD_ENV = "HANDOVER_MDB_PASSWORD";
    public static final String TABLE = "app.acked";
    static final String OS_USER = System.getenv().getOrDefault("HANDOVER_PG_OS_USER", "handover-pg");

    /** One node: its id (mdb1..), port, datadir and the server process started for it. */
    public record Node(String id, int serverId, int port, Path dir, Process process) {
        public String url() {
            return "jdbc:mariadb://127.0.0.1:" + port + "/";
        }

        Path pidFile() {
            return dir.resolve("mariadbd.pid");
        }

        Path socket() {
            return dir.resolve("mariadbd.sock");
        }
    }

    private final Path base;
    private final List<Node> nodes = new ArrayList<>();

    private MariaDbLoopback(Path base) {
        this.base = base;
    }

    /** Three nodes, mdb1 the primary, mdb2 and mdb3 replicating from it, with the app table created. */
    public static MariaDbLoopback start() throws Exception {
        RealServers.starting("a MariaDB cluster");
        MariaDbLoopback c = new MariaDbLoopback(Files.createTempDirectory("handover-mdb-"));
        try {
            ensureServer();
            ensureOsUser();
            run(List.of("chown", OS_USER, c.base.toString()));
            for (int i = 1; i <= 3; i++) {
                c.nodes.add(c.startNode(i));
            }
            for (Node n : c.nodes) {
                c.bootstrapUsers(n);
            }
            try (Connection p = c.admin(c.nodes.get(0)); Statement s = p.createStatement()) {
                s.execute("CREATE DATABASE app");
                s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, server_id INT NOT NULL) ENGINE=InnoDB");
            }
            for (Node n : c.nodes.subList(1, 3)) {
                c.follow(n, c.nodes.get(0));
            }
            Await.until("replicas streaming", Duration.ofSeconds(30), () -> c.nodes.subList(1, 3).stream()
                    .map(n -> ClusterCheck.replication(c, n)).toList(),
                    rs -> rs.stream().allMatch(r -> r.streamingFrom(c.nodes.get(0).port())));
            // Threads running is not the table applied: a test that stops a replica's threads at once found
            // no app.acked there (CI, stop 26). Wait until every replica holds it.
            Await.until("replicas hold " + TABLE, Duration.ofSeconds(30), () -> c.nodes.subList(1, 3).stream()
                    .map(n -> ClusterCheck.table(c, n)).toList(), ts -> ts.stream().allMatch(t -> t.endsWith(" holds it")));
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    public Path base() {
        return base;
    }

    public Connection admin(Node n) throws SQLException {
        return DriverManager.getConnection(n.url() + "?connectTimeout=5000&socketTimeout=30000", ADMIN, ADMIN_PASSWORD);
    }

    /** A definition file for this cluster, the password named by {@link #PASSWORD_ENV}. */
    public Path writeDefinition() throws IOException {
        StringBuilder sb = new StringBuilder("{\"passwordEnv\": \"" + PASSWORD_ENV + "\", \"nodes\": [");
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\": \"").append(n.id()).append("\", \"region\": \"r")
                    .append(i + 1).append("\", \"jdbcUrl\": \"").append(n.url()).append("\", \"user\": \"")
                    .append(ADMIN).append("\"}");
        }
        Path f = base.resolve("cluster.json");
        Files.writeString(f, sb.append("]}").toString());
        return f;
    }

    private Node startNode(int i) throws Exception {
        Path dir = base.resolve("mdb" + i);
        Files.createDirectories(dir);
        run(List.of("chown", OS_USER, dir.toString()));
        // A temporary directory of its own: in the shared /tmp, another test's cleanup has removed the temporary
        // tables of a running install ("Could not remove temporary table '/tmp/#sql-temptable-...'", install failed).
        Files.createDirectories(dir.resolve("tmp"));
        run(List.of("chown", OS_USER, dir.resolve("tmp").toString()));
        run(List.of("mariadb-install-db", "--no-defaults", "--user=" + OS_USER, "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + dir.resolve("tmp"), "--auth-root-authentication-method=normal", "--skip-test-db"));
        return launch(new Node("mdb" + i, i, freePort(), dir, null), List.of());
    }

    /** Starts mariadbd for {@code n} (installed already) with {@code extra} options, waits until it takes connections. */
    private static Node launch(Node n, List<String> extra) throws Exception {
        int i = n.serverId();
        int port = n.port();
        Path dir = n.dir();
        List<String> argv = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--user=" + OS_USER,
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--socket=" + n.socket(),
                "--pid-file=" + n.pidFile(), "--bind-address=127.0.0.1", "--skip-name-resolve",
                "--server-id=" + i, "--log-bin=" + dir.resolve("data/binlog"), "--log-slave-updates",
                "--gtid-strict-mode=1", "--binlog-format=ROW", "--skip-slave-start",
                "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=16M", "--performance-schema=0",
                "--log-error=" + dir.resolve("error.log"), "--tmpdir=" + dir.resolve("tmp")));
        argv.addAll(extra);
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Node started = new Node(n.id(), i, port, dir, p);
        Await.until("mdb" + i + " accepting connections", Duration.ofSeconds(60), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("mariadbd mdb" + i + " exited; see " + dir.resolve("error.log"));
            }
            try (Connection c = DriverManager.getConnection(started.url() + "?connectTimeout=1000", "root", "")) {
                return "connected";
            }
        }, "connected"::equals);
        return started;
    }

    /** SIGKILL to a node's server, as a crash: no shutdown, InnoDB recovers at the next start. */
    public void kill(String id) {
        Node n = node(id);
        n.process().destroyForcibly();
        try {
            n.process().waitFor(); // our own child: the JVM reaps it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the node's server process is running. */
    public boolean running(String id) {
        return node(id).process().isAlive();
    }

    /**
     * Starts a killed node again with the options it first had (its replication is not started: --skip-slave-start)
     * and {@code --read-only}, as production configurations start every server: a server that comes back from a
     * crash never takes writes before someone decides it is the primary.
     */
    public void restart(String id) throws Exception {
        Node n = node(id);
        if (n.process().isAlive()) {
            throw new IllegalStateException(id + " is still running");
        }
        java.nio.file.Files.deleteIfExists(n.pidFile());
        Node again = launch(n, List.of("--read-only=1"));
        nodes.set(nodes.indexOf(n), again);
    }

    /** Users exist on every node outside the binlog, so they never form a transaction to replicate. */
    private void bootstrapUsers(Node n) throws SQLException {
        try (Connection c = DriverManager.getConnection(n.url(), "root", ""); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
            s.execute("GRANT ALL ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
            s.execute("CREATE USER '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            s.execute("GRANT SELECT, INSERT ON app.* TO '" + APP + "'@'%'");
            s.execute("GRANT SELECT ON handover.* TO '" + APP + "'@'%'");
        }
    }

    /** {@code replica} replicates from {@code primary} by GTID, read-only. */
    public void follow(Node replica, Node primary) throws SQLException {
        try (Connection c = admin(replica); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = 1");
            s.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port() + ", MASTER_USER='"
                    + ADMIN + "', MASTER_PASSWORD='" + ADMIN_PASSWORD + "', MASTER_CONNECT_RETRY=1,"
                    + " MASTER_USE_GTID=slave_pos");
            s.execute("START SLAVE");
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            stop(n);
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // /tmp is cleaned eventually
        }
    }

    /** SIGTERM, then stopped when the pid file is gone (a clean shutdown removes it); SIGKILL after 60 s. */
    private static void stop(Node n) {
        if (n.process() == null) {
            return;
        }
        n.process().destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.exists(n.pidFile()) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        if (Files.exists(n.pidFile())) {
            n.process().destroyForcibly();
        }
        try {
            n.process().waitFor(); // our own child: the JVM reaps it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * {@code mvn verify} alone sets up a fresh machine, as the README promises: where the server is missing,
     * the project's installer ({@code .ci/mariadb-deps}, OS packages, idempotent) is run once.
     */
    private static synchronized void ensureServer() throws Exception {
        if (serverFound()) {
            return;
        }
        Path installer = Path.of(".ci", "mariadb-deps");
        if (Files.isRegularFile(installer)) {
            Process p = new ProcessBuilder("bash", installer.toString()).inheritIO().start();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        if (!serverFound()) {
            throw new IllegalStateException("MariaDB server (mariadbd, mariadb-install-db) not found, and " + installer
                    + " could not install it (see its output above): install the mariadb-server package (10.11+)");
        }
    }

    private static boolean serverFound() throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v mariadbd && command -v mariadb-install-db")
                .redirectErrorStream(true).start().waitFor() == 0;
    }

    private static void ensureOsUser() throws Exception {
        if (new ProcessBuilder("id", "-u", OS_USER).start().waitFor() != 0) {
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER));
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
