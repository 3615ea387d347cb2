package dev.handover.postgres.bouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * One session on a PgBouncer's admin console (the {@code pgbouncer} database). The console speaks only the
 * simple query protocol; pgJDBC 42.7.5 does with {@code preferQueryMode=simple} and
 * {@code assumeMinServerVersion=9.0} (no version probe after login). PgBouncer must ignore the
 * {@code extra_float_digits} startup parameter pgJDBC sends ({@code ignore_startup_parameters}).
 */
public final class BouncerAdmin implements AutoCloseable {
    /**
     * pgJDBC warns "Unsupported Server Version: 1.18.0/bouncer" on every admin login; held here (JUL keeps
     * loggers weakly) and quieted so the CLI's output is not strewn with it.
     */
    private static final java.util.logging.Logger DRIVER_LOG = quiet("org.postgresql.jdbc.PgConnection");

    private final Connection c;

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        if (l.getLevel() == null || l.getLevel().intValue() < java.util.logging.Level.SEVERE.intValue()) {
            l.setLevel(java.util.logging.Level.SEVERE);
        }
        return l;
    }

    private BouncerAdmin(Connection c) {
        this.c = c;
    }

    /** Opens the admin console of {@code b}; the password is read from its variable now and handed to the driver only. */
    public static BouncerAdmin open(BouncerDefinition b, Function<String, String> env, Duration socketTimeout)
            throws SQLException {
        return new BouncerAdmin(connect(b, "pgbouncer", env, socketTimeout));
    }

    /** A client session through the bouncer to one of its databases (the check entry), as an application logs in. */
    static Connection connect(BouncerDefinition b, String database, Function<String, String> env, Duration socketTimeout)
            throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", b.user());
        if (b.passwordEnv().isPresent()) {
            String pw = env.apply(b.passwordEnv().get());
            if (pw == null || pw.isEmpty()) {
                throw new SQLException("environment variable " + b.passwordEnv().get() + " (passwordEnv of bouncer "
                        + b.id() + ") is not set");
            }
            p.setProperty("password", pw);
        }
        p.setProperty("preferQueryMode", "simple");
        p.setProperty("assumeMinServerVersion", "9.0");
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "3");
        p.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        String host = b.host().contains(":") ? "[" + b.host() + "]" : b.host();
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + b.port() + "/" + database, p);
        c.setAutoCommit(true);
        return c;
    }

    /** {@code PAUSE db}: returns once every server connection of {@code db} is released and closed. */
    public void pause(String db) throws SQLException {
        command("PAUSE " + db);
    }

    /** {@code RESUME db}; also what cancels a PAUSE still waiting on another session. */
    public void resume(String db) throws SQLException {
        command("RESUME " + db);
    }

    /** {@code RELOAD}: re-reads the configuration, the {@code %include}d target file with it. */
    public void reload() throws SQLException {
        command("RELOAD");
    }

    private void command(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** One row of {@code SHOW DATABASES}. */
    public record Database(String name, String host, int port, String database, Optional<String> poolMode, boolean paused,
                           boolean disabled) {
        public String addr() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** One row of {@code SHOW POOLS}: clients active and waiting, server connections in use, the oldest wait. */
    public record Pool(String database, String user, int clientsActive, int clientsWaiting, int serversActive,
                       int serversIdle, Duration maxWait, String poolMode) {
    }

    public List<Database> databases() throws SQLException {
        List<Database> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                out.add(new Database(rs.getString("name"), Optional.ofNullable(rs.getString("host")).orElse(""),
                        rs.getInt("port"), rs.getString("database"), Optional.ofNullable(rs.getString("pool_mode")),
                        rs.getInt("paused") != 0, rs.getInt("disabled") != 0));
            }
        }
        return out;
    }

    public Optional<Database> database(String name) throws SQLException {
        return databases().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public List<Pool> pools() throws SQLException {
        List<Pool> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW POOLS")) {
            while (rs.next()) {
                Duration wait = Duration.ofSeconds(rs.getLong("maxwait")).plusNanos(rs.getLong("maxwait_us") * 1000);
                out.add(new Pool(rs.getString("database"), rs.getString("user"), rs.getInt("cl_active"),
                        rs.getInt("cl_waiting"), rs.getInt("sv_active"), rs.getInt("sv_idle"), wait, rs.getString("pool_mode")));
            }
        }
        return out;
    }

    /** A setting from {@code SHOW CONFIG}, e.g. the global {@code pool_mode}. */
    public Optional<String> config(String key) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW CONFIG")) {
            while (rs.next()) {
                if (key.equals(rs.getString("key"))) {
                    return Optional.ofNullable(rs.getString("value"));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Drops the session without a word, even while another thread waits in it: a PAUSE cancelled by a
     * RESUME from another session never answers its own, so closing politely could wait forever.
     */
    public void abort() {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }
}
