package dev.handover.mariadb.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An application writing one row every few milliseconds as the non-admin {@code app} user, recording
 * every INSERT the server acknowledged (autocommit: returned = committed) and which server took it.
 * It finds the primary as an application would, by asking each node for {@code read_only}; failed
 * attempts (refused, session ended by the commit, held past its timeout) are not recorded.
 */
public final class AckedWriter implements AutoCloseable {

    /** One acknowledged write: its id, the server that took it, and when the acknowledgement came ({@link System#nanoTime}). */
    public record Ack(long id, int serverId, long atNanos) {
    }

    private final MariaDbLoopback cluster;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mdb-acked-writer");
        t.setDaemon(true);
        return t;
    });
    private final List<Ack> acks = new ArrayList<>();
    private long nextId = 1;
    private long failures;
    private Connection connection;

    private AckedWriter(MariaDbLoopback cluster) {
        this.cluster = cluster;
    }

    public static AckedWriter start(MariaDbLoopback cluster, Duration interval) {
        return start(cluster, interval, 1);
    }

    /** The same, numbering its rows from {@code firstId}: writers one after another on one table need disjoint ids. */
    public static AckedWriter start(MariaDbLoopback cluster, Duration interval, long firstId) {
        AckedWriter w = new AckedWriter(cluster);
        w.nextId = firstId;
        w.scheduler.scheduleWithFixedDelay(w::writeOne, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return w;
    }

    public synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    public synchronized long failures() {
        return failures;
    }

    public synchronized long acksFrom(int serverId) {
        return acks.stream().filter(a -> a.serverId() == serverId).count();
    }

    private void writeOne() {
        long id = nextId++;
        try {
            if (connection == null) {
                connection = openPrimary();
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO " + MariaDbLoopback.TABLE + " (id, server_id) VALUES (?, @@server_id)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            long at = System.nanoTime();
            int server;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT @@server_id")) {
                rs.next();
                server = rs.getInt(1);
            }
            synchronized (this) {
                acks.add(new Ack(id, server, at));
            }
        } catch (SQLException e) {
            synchronized (this) {
                failures++;
            }
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    private Connection openPrimary() throws SQLException {
        for (MariaDbLoopback.Node n : cluster.nodes()) {
            Connection c;
            try {
                c = DriverManager.getConnection(n.url() + "?connectTimeout=1000&socketTimeout=20000",
                        MariaDbLoopback.APP, MariaDbLoopback.APP_PASSWORD);
            } catch (SQLException e) {
                continue;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
                if (rs.next() && rs.getInt(1) == 0) {
                    return c;
                }
            }
            c.close();
        }
        throw new SQLException("no writable node");
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing
        }
    }
}
