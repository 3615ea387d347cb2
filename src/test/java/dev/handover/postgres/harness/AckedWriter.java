package dev.handover.postgres.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application writing one row every few milliseconds through a multi-host URL, recording every
 * commit the server acknowledged (the INSERT returned) and which server (by port) acknowledged it.
 * Failed attempts are simply not recorded: they were never acknowledged.
 */
public final class AckedWriter implements AutoCloseable {

    /**
     * One acknowledged commit. {@code lsn} is the server's WAL insert position right after the row was
     * inserted, before its commit record: so the commit ends after {@code lsn} and before the next acked
     * row's {@code lsn} (one writer, one row at a time), which lets a test tell which rows a given WAL
     * position covers.
     */
    public record Ack(long id, int port, long nanos, long lsn) {
    }

    private final String url;
    private final String password;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acked-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong nextId = new AtomicLong(1);
    private final List<Ack> acks = new ArrayList<>();
    private Connection connection;
    private long failures;

    private AckedWriter(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /** Starts writing one row every {@code interval}. */
    public static AckedWriter start(String url, Duration interval) {
        return start(url, "", interval);
    }

    /** The same, logging in as {@code postgres} with {@code password}. */
    public static AckedWriter start(String url, String password, Duration interval) {
        return start(url, password, interval, 1);
    }

    /** The same, numbering its rows from {@code firstId}: several writers on one table need disjoint ids. */
    public static AckedWriter start(String url, String password, Duration interval, long firstId) {
        AckedWriter w = new AckedWriter(url, password);
        w.nextId.set(firstId);
        w.scheduler.scheduleWithFixedDelay(w::writeOne, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return w;
    }

    public synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** Attempts that were not acknowledged (refused while frozen, session ended, no primary reachable). */
    public synchronized long failures() {
        return failures;
    }

    public synchronized long acksFrom(int port) {
        return acks.stream().filter(a -> a.port() == port).count();
    }

    private void writeOne() {
        long id = nextId.getAndIncrement();
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, "postgres", password);
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO " + LoopbackCluster.TABLE + " (id) VALUES (?) RETURNING inet_server_port(), "
                            + "(pg_current_wal_insert_lsn() - '0/0')::bigint")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int port = rs.getInt(1);
                    long lsn = rs.getLong(2);
                    long now = System.nanoTime();
                    synchronized (this) {
                        acks.add(new Ack(id, port, now, lsn));
                    }
                }
            }
        } catch (SQLException e) {
            // Not acknowledged: the server refused (read-only), or the session was ended by the freeze.
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
