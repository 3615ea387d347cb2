package dev.handover.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Opens JDBC sessions to the nodes of a definition. The password is looked up at connect time and
 * handed straight to the driver: it is never stored in a field, a record or a message. Without
 * {@code passwordEnv} the driver itself reads {@code ~/.pgpass} (or {@code PGPASSFILE}), as libpq does.
 */
public final class PgConnector {
    private final Function<String, String> env;
    private final Duration connectTimeout;

    public PgConnector(Duration connectTimeout) {
        this(System::getenv, connectTimeout);
    }

    /** With the environment given as a lookup, for tests and embedding. */
    public PgConnector(Function<String, String> env, Duration connectTimeout) {
        this.env = env;
        this.connectTimeout = connectTimeout;
    }

    /** The environment lookup, for the PgBouncer sessions of the same cluster (their passwords are read the same way). */
    Function<String, String> env() {
        return env;
    }

    /** The node's password from its environment variable, for a child process's PGPASSWORD; empty without passwordEnv. */
    Optional<String> password(PgNodeDefinition node) {
        return node.passwordEnv().map(env).filter(v -> !v.isEmpty());
    }

    /** A session for Handover's own work: autocommit, may write even while the node is frozen. */
    public Connection open(PgNodeDefinition node, Duration socketTimeout) throws SQLException {
        return open(node, socketTimeout, "handover");
    }

    /**
     * The same, under {@code applicationName}: a run's and a keeper's sessions say whose they are, so a
     * refused run can name the holder of the run lock ({@link PgRunLock}).
     */
    Connection open(PgNodeDefinition node, Duration socketTimeout, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", node.user());
        Optional<String> password = password(node);
        if (node.passwordEnv().isPresent() && password.isEmpty()) {
            throw new SQLException("environment variable " + node.passwordEnv().get()
                    + " (passwordEnv of node " + node.id() + ") is not set");
        }
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        props.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        // Our own session must be able to write (ALTER SYSTEM, the flush commit) while writes are frozen.
        props.setProperty("options", "-c default_transaction_read_only=off -c statement_timeout=0");
        Connection c = DriverManager.getConnection(node.jdbcUrl(), props);
        c.setAutoCommit(true);
        return c;
    }
}
