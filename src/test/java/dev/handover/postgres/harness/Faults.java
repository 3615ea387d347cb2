package dev.handover.postgres.harness;

import dev.handover.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real faults on a loopback cluster's nodes, by signal, as an operating system delivers them: a node
 * killed ({@code SIGKILL} to its postmaster; its children end themselves on postmaster death), a node
 * hung ({@code SIGSTOP} to the postmaster and every child), and what a test needs around them: starting
 * a killed node again, routing a standby's replication link through a {@link LinkProxy}.
 */
public final class Faults {
    private Faults() {
    }

    /** The postmaster's pid: the first line of {@code <dataDir>/postmaster.pid}. */
    public static long postmasterPid(LoopbackCluster cluster, String id) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile(cluster, id)).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid for " + id, e);
        }
    }

    /**
     * SIGKILL to the node's postmaster, then waits (bounded) until it and every process it had started
     * are gone: a crash, with no shutdown checkpoint and no goodbye to clients or standbys.
     */
    public static void kill(LoopbackCluster cluster, String id) {
        long pm = postmasterPid(cluster, id);
        List<Long> all = new ArrayList<>(List.of(pm));
        ProcessHandle.of(pm).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        signal("KILL", List.of(pm));
        Await.until(id + "'s postmaster and its children to exit after SIGKILL", Duration.ofSeconds(30),
                () -> all.stream().filter(p -> !gone(p)).toList(), List::isEmpty);
    }

    /**
     * SIGSTOP to the node's postmaster first (so it forks nothing more), then to every child: the node
     * still holds its TCP connections and the kernel still accepts new ones, but nothing answers.
     * Closing the returned handle sends SIGCONT to all of them; use it in try-with-resources so no
     * process is ever left stopped.
     */
    public static Hang hang(LoopbackCluster cluster, String id) {
        long pm = postmasterPid(cluster, id);
        signal("STOP", List.of(pm));
        List<Long> pids = new ArrayList<>(List.of(pm));
        ProcessHandle.of(pm).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        Hang hang = new Hang(id, List.copyOf(pids));
        try {
            signal("STOP", pids.subList(1, pids.size()));
        } catch (RuntimeException e) {
            hang.close();
            throw e;
        }
        return hang;
    }

    /** Stopped processes of one node; {@link #close()} continues them (idempotent). */
    public static final class Hang implements AutoCloseable {
        private final String id;
        private final List<Long> pids;
        private boolean continued;

        private Hang(String id, List<Long> pids) {
            this.id = id;
            this.pids = pids;
        }

        public String node() {
            return id;
        }

        public List<Long> pids() {
            return pids;
        }

        @Override
        public synchronized void close() {
            if (!continued) {
                continued = true;
                signal("CONT", pids);
            }
        }
    }

    /**
     * Starts a node that was killed. The dead postmaster's pid file is removed first when that pid is
     * gone or a zombie: on this machine PID 1 does not reap orphans, and PostgreSQL takes a zombie's pid
     * for a live postmaster (in the pid file and in the Unix socket's lock file). Its old System V segment
     * is removed with it (every process had detached).
     * Crash recovery then runs as on any restart after a crash.
     */
    public static void restart(LoopbackCluster cluster, String id) {
        Path pidFile = pidFile(cluster, id);
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            if (!gone(pid)) {
                throw new IllegalStateException(id + " is still running (postmaster " + pid + ")");
            }
            if (lines.size() > 6) {
                String[] shm = lines.get(6).trim().split("\\s+");
                if (shm.length == 2) {
                    run(List.of("ipcrm", "-m", shm[1]), false);
                }
            }
            Files.delete(pidFile);
            // The Unix socket's lock file names the same dead pid (the sockets live in the cluster's base directory).
            Path sockets = cluster.node(id).dataDir().getParent();
            Files.deleteIfExists(sockets.resolve(".s.PGSQL." + cluster.node(id).port() + ".lock"));
            Files.deleteIfExists(sockets.resolve(".s.PGSQL." + cluster.node(id).port()));
        } catch (NoSuchFileException e) {
            // stopped cleanly, or the pid file was already removed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoopbackCluster.Node node = cluster.node(id);
        List<String> argv = new ArrayList<>(List.of(cluster.bin().resolve("pg_ctl").toString(), "start", "-D",
                node.dataDir().toString(), "-w", "-t", "60", "-l", node.dataDir().getParent().resolve(id + ".log").toString()));
        if (cluster.shape().portOnStartCommand()) {
            argv.addAll(List.of("-o", "-p " + node.port()));
        }
        try {
            cluster.shell().run(argv.toArray(String[]::new));
        } catch (IOException e) {
            String log = cluster.log(id);
            throw new UncheckedIOException("starting " + id + " again failed; its log ends:\n"
                    + log.substring(Math.max(0, log.length() - 2000)), e);
        }
    }

    /**
     * Points a standby's walreceiver at {@code port} on loopback (its {@code primary_conninfo}, password and
     * all, otherwise unchanged; the walreceiver restarts on the reload) and waits until it streams through it.
     */
    public static void routeLink(LoopbackCluster cluster, String standbyId, int port) {
        try (Connection c = cluster.connect(standbyId); Statement st = c.createStatement()) {
            String conninfo;
            try (ResultSet rs = st.executeQuery("SHOW primary_conninfo")) {
                rs.next();
                conninfo = rs.getString(1);
            }
            String next = conninfo.replaceAll("(^|\\s)port=\\d+", "$1port=" + port);
            if (next.equals(conninfo) && !conninfo.matches("(?s).*(^|\\s)port=" + port + "(\\s.*|$)")) {
                throw new IllegalStateException(standbyId + "'s primary_conninfo names no port: " + conninfo.replaceAll(
                        "password=\\S+", "password=***"));
            }
            st.execute("ALTER SYSTEM SET primary_conninfo = '" + next.replace("'", "''") + "'");
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("re-routing " + standbyId + "'s replication link failed: " + e.getMessage(), e);
        }
        awaitStreamingThrough(cluster, standbyId, port);
    }

    /**
     * Waits until the standby's walreceiver streams from {@code port} (PostgreSQL's default retry
     * interval is 5 s, so a cut link takes that long to come back).
     */
    public static void awaitStreamingThrough(LoopbackCluster cluster, String standbyId, int port) {
        Await.until(standbyId + " streaming through port " + port + " (its walreceiver)", Duration.ofSeconds(60), () -> {
            try (Connection c = cluster.connect(standbyId); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT status || ' from port ' || sender_port FROM pg_stat_wal_receiver")) {
                return rs.next() ? rs.getString(1) : "no walreceiver";
            }
        }, s -> s.equals("streaming from port " + port));
    }

    /** The target's durable LSN (received and flushed, or replayed), read through an ordinary session. */
    public static long durableLsn(LoopbackCluster cluster, String id) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Gone, or a zombie nobody reaps: either way it holds nothing any more. */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    private static Path pidFile(LoopbackCluster cluster, String id) {
        return cluster.node(id).dataDir().resolve("postmaster.pid");
    }

    private static void signal(String sig, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> argv = new ArrayList<>(List.of("kill", "-" + sig));
        pids.forEach(p -> argv.add(Long.toString(p)));
        // A child may have exited on its own between listing and signalling: not an error for STOP/CONT.
        run(argv, sig.equals("KILL"));
    }

    private static void run(List<String> argv, boolean check) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish");
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (check && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }
}
