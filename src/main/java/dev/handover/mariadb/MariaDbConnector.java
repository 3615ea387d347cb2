package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;

/**
 * Opens sessions to one node with the password from the environment variable its definition names,
 * read at connect time so it is never held in a definition, a record or a message.
 */
final class MariaDbConnector {
    private final MariaDbNodeDefinition node;
    private final Duration timeout;
    private final Function<String, String> env;

    MariaDbConnector(MariaDbNodeDefinition node, Duration timeout, Function<String, String> env) {
        this.node = node;
        this.timeout = timeout;
        this.env = env;
    }

    MariaDbNodeDefinition node() {
        return node;
    }

    Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", node.user());
        p.setProperty("password", password());
        p.setProperty("connectTimeout", Long.toString(timeout.toMillis()));
        // Bounded reads: a hung node must not hang a status call. Long polls set their own, longer, wait.
        p.setProperty("socketTimeout", Long.toString(timeout.toMillis() * 4));
        return DriverManager.getConnection(node.jdbcUrl(), p);
    }

    /** The password the node's passwordEnv names; empty when none is named. Never logged. */
    String password() {
        return node.passwordEnv().map(env).orElse("");
    }
}
