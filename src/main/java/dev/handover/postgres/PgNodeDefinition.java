package dev.handover.postgres;

import dev.handover.core.FailoverNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One node of a PostgreSQL cluster definition. The password is never part of it: it is read at
 * connect time from the environment variable named by {@code passwordEnv}, or by the JDBC driver
 * from {@code ~/.pgpass} (or {@code PGPASSFILE}).
 *
 * @param id          stable node id, also the {@code application_name} its walreceiver uses
 * @param region      region / fault domain
 * @param jdbcUrl     {@code jdbc:postgresql://host:port/db}, one host
 * @param host        host from the URL, also what other nodes use to stream from this one
 * @param port        port from the URL
 * @param database    database from the URL
 * @param user        a superuser (freeze, promote and re-point need one)
 * @param passwordEnv environment variable that holds the password, if any
 * @param local       local control, for nodes on this host
 */
public record PgNodeDefinition(String id, String region, String jdbcUrl, String host, int port, String database,
                               String user, Optional<String> passwordEnv, Optional<LocalControl> local) {

    public PgNodeDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
        Objects.requireNonNull(local, "local");
    }

    /** {@code host:port}, the address shown and recorded. */
    public String addr() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public FailoverNode failoverNode() {
        return new FailoverNode(id, addr(), region);
    }
}
