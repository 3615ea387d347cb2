package dev.handover.mariadb;

import dev.handover.core.FailoverNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One node of a MariaDB cluster definition. Never holds a password: it is read at connect time from
 * the environment variable named by {@code passwordEnv}.
 *
 * @param id          stable node id
 * @param region      region / fault domain
 * @param jdbcUrl     {@code jdbc:mariadb://host:port/}, one host
 * @param host        host from the URL, also what replicas use as MASTER_HOST for this node
 * @param port        port from the URL, also MASTER_PORT
 * @param user        an admin user (freeze, re-point, read-only toggles need SUPER / READ ONLY ADMIN)
 * @param passwordEnv environment variable holding the password, if any
 */
public record MariaDbNodeDefinition(String id, String region, String jdbcUrl, String host, int port, String user,
                                    Optional<String> passwordEnv) {

    public MariaDbNodeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
    }

    public String addr() {
        return host + ":" + port;
    }

    public FailoverNode failoverNode() {
        return new FailoverNode(id, addr(), region);
    }
}
