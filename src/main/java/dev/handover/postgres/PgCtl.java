package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs pg_ctl, pg_controldata and pg_rewind for a node on this host, as the OS user that owns its
 * data directory ({@code runuser} when Handover runs as root: PostgreSQL refuses to run as root).
 * A password, when one is needed, travels in the child's environment, never on its command line.
 * How a tool is run is {@link PgToolRunner}; the postmaster's processes are read by {@link PgProcesses}.
 */
final class PgCtl {
    private static final Duration POLL = Duration.ofMillis(1);
    /**
     * How long walsenders may hold a fast shutdown after its checkpoint is written. Each waits until its
     * standby confirms it flushed everything; a standby whose link stalls without a reset (dropped
     * packets, a hung node) never does, and PostgreSQL holds the shutdown, writes frozen, until
     * wal_sender_timeout (60 s by default) ends that walsender: a stalled sibling held a coordinated
     * switchover's writes frozen 59 s. Past this bound the server is stopped immediately, which is safe
     * then: the shutdown checkpoint is written and is the last record, so the data directory is cleanly
     * shut down; only the stalled standbys miss its last bytes, which the new primary has too.
     */
    private static final Duration WALSENDER_DRAIN = Duration.ofSeconds(5);
    private static final Duration STATE_CHECK_EVERY = Duration.ofMillis(200);

    private final String nodeId;
    private final LocalControl local;
    private final PgToolRunner tools;

    PgCtl(String nodeId, LocalControl local) {
        this.nodeId = nodeId;
        this.local = local;
        this.tools = new PgToolRunner(nodeId, local);
    }

    LocalControl local() {
        return local;
    }

    /**
     * Fast shutdown, to the postmaster's exit: sessions are ended, a shutdown checkpoint is written and
     * the walsenders send all WAL up to it to connected standbys before they exit. The note returned
     * says when walsenders had to be ended ({@link FastStop#awaitExit}).
     */
    Optional<String> stopFast(Duration timeout) throws IOException {
        Optional<FastStop> stop = signalFastStop();
        return stop.isEmpty() ? Optional.empty() : stop.get().awaitExit(timeout);
    }

    /**
     * Sends the fast-shutdown signal: SIGINT to the postmaster, exactly what {@code pg_ctl stop -m fast}
     * sends; we send it ourselves (as root or as the owner) and watch the server, since pg_ctl's own wait
     * polls only every 100 ms. Empty when the server is not running (shutdownCheckpoint() then tells
     * whether it went down cleanly).
     */
    Optional<FastStop> signalFastStop() throws IOException {
        return signalFastStop(Optional.empty());
    }

    /** The same, through a signal {@link #armFastStop() readied} before the freeze when it is still for this postmaster. */
    Optional<FastStop> signalFastStop(Optional<ArmedSignal> armed) throws IOException {
        Path pidFile = local.dataDir().resolve("postmaster.pid");
        Optional<Long> pid = PgProcesses.pidFilePid(local.dataDir());
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        if (armed.isPresent() && armed.get().pid() == pid.get()) {
            armed.get().fire();
        } else {
            signalStop(pid.get(), "INT", "fast");
        }
        return Optional.of(new FastStop(pid.get(), pidFile, System.nanoTime()));
    }

    /**
     * A fast shutdown under way, awaited to the postmaster's exit (its pid file removed, its very last
     * act, after the walsenders are done). The shutdown checkpoint's time (the control file says "shut
     * down") starts the walsenders' drain bound.
     */
    final class FastStop {
        private final long pid;
        private final Path pidFile;
        private final long signalledAt;
        private long checkpointedAt = -1;
        private Optional<String> note = Optional.empty();

        private FastStop(long pid, Path pidFile, long signalledAt) {
            this.pid = pid;
            this.pidFile = pidFile;
            this.signalledAt = signalledAt;
        }

        /**
         * Until the postmaster is gone. Walsenders still waiting {@link #WALSENDER_DRAIN} after the
         * shutdown checkpoint are ended by an immediate stop; the note returned says so.
         */
        Optional<String> awaitExit(Duration timeout) throws IOException {
            await(timeout);
            return note;
        }

        private void await(Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextSlowCheck = signalledAt + STATE_CHECK_EVERY.toNanos();
            // The process itself may linger as a zombie until its parent reaps it, which says nothing
            // about the data directory: the pid file is what pg_ctl waits on too.
            while (Files.exists(pidFile)) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IOException(nodeId + " did not shut down within " + timeout.toSeconds() + "s");
                }
                if (checkpointedAt < 0) {
                    // The control file is read directly where this process may (a sub-millisecond read);
                    // else pg_controldata, a process, only every STATE_CHECK_EVERY.
                    Optional<PgControlFile> direct = PgControlFile.read(local.dataDir());
                    boolean written = direct.isPresent() ? direct.get().state() == PgControlFile.State.SHUT_DOWN
                            : now > nextSlowCheck && shutDownPerControldata();
                    if (direct.isEmpty() && now > nextSlowCheck) {
                        nextSlowCheck = now + STATE_CHECK_EVERY.toNanos();
                    }
                    if (written) {
                        checkpointedAt = now;
                    }
                }
                if (note.isEmpty() && checkpointedAt >= 0 && now - checkpointedAt > WALSENDER_DRAIN.toNanos()) {
                    signalStop(pid, "QUIT", "immediate");
                    note = Optional.of(nodeId + "'s shutdown checkpoint was written but its walsenders were still waiting "
                            + "for a standby to confirm " + WALSENDER_DRAIN.toSeconds() + "s later (a link that stalls "
                            + "without a reset): stopped it immediately; that standby did not receive the last WAL from "
                            + nodeId);
                }
                PgProcesses.sleep(POLL);
            }
        }
    }

    /**
     * Stops the server now, whatever state its processes are in ({@link PgImmediateStop}): an immediate shutdown,
     * and SIGKILL to what has not gone within {@code wait} or is stopped by a signal. Returns what it took, in words;
     * throws when processes are still there afterwards (or this process may not signal them).
     */
    String stopImmediately(Duration wait) throws IOException {
        return new PgImmediateStop(nodeId, local, this).stop(wait);
    }

    /**
     * The fast-shutdown signal for the running postmaster, readied now so that sending it later costs no
     * process start; empty when this process may not signal it (then pg_ctl sends it, as the owner).
     */
    Optional<ArmedSignal> armFastStop() throws IOException {
        Optional<Long> pid = PgProcesses.pidFilePid(local.dataDir());
        if (pid.isEmpty() || !maySignal() || !PgProcesses.isPostmaster(pid.get())) {
            return Optional.empty();
        }
        return Optional.of(ArmedSignal.arm(pid.get(), "INT"));
    }

    /** Whether this process may signal the server's processes itself (as root, or as their owner). */
    boolean maySignal() {
        return isRoot() || local.osUser().isEmpty() || local.osUser().get().equals(System.getProperty("user.name"));
    }

    /** SIGINT (fast) or SIGQUIT (immediate) to the postmaster ourselves when we may, else through pg_ctl. */
    void signalStop(long pid, String signal, String mode) throws IOException {
        if (maySignal() && PgProcesses.isPostmaster(pid)) {
            tools.run(Duration.ofSeconds(30), Map.of(), false, "kill", "-" + signal, Long.toString(pid));
        } else {
            tools.run(Duration.ofSeconds(30), Map.of(), true, local.pgCtl().toString(), "stop", "-D", local.pgCtlDir().toString(),
                    "-m", mode, "-W");
        }
    }

    /** {@code kill -<signal>} to {@code pids}, as this process; fails when any of them is not there any more. */
    void kill(String signal, List<Long> pids) throws IOException {
        List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> argv.add(Long.toString(p)));
        tools.run(Duration.ofSeconds(30), Map.of(), false, argv.toArray(String[]::new));
    }

    /** Whether pg_controldata already says "shut down": the shutdown checkpoint is written. */
    private boolean shutDownPerControldata() {
        try {
            String out = tools.run(Duration.ofSeconds(10), Map.of("LC_ALL", "C"), !isRoot(), local.tool("pg_controldata").toString(),
                    "-D", local.dataDir().toString());
            return field(out, "Database cluster state").equals("shut down");
        } catch (IOException e) {
            return false; // try again at the next check
        }
    }

    /**
     * Starts the server with the options it was last started with ({@link StartOptions}, from its
     * postmaster.opts) and waits until it accepts connections; output goes to handover-postmaster.log
     * in the data directory.
     */
    void start(Duration timeout, StartOptions options) throws IOException {
        List<String> argv = new ArrayList<>(List.of(local.pgCtl().toString(), "start", "-D", local.pgCtlDir().toString(), "-w",
                "-t", Long.toString(Math.max(1, timeout.toSeconds())),
                "-l", local.dataDir().resolve("handover-postmaster.log").toString()));
        if (!options.args().isEmpty()) {
            argv.addAll(List.of("-o", options.forPgCtl())); // as its service started it: port, config file, -c settings
        }
        tools.run(timeout.plusSeconds(5), Map.of(), true, argv.toArray(String[]::new));
    }

    /** One field of pg_controldata's output, e.g. {@code Database cluster state}. */
    String controlData(String name) throws IOException {
        String out = tools.run(Duration.ofSeconds(30), Map.of("LC_ALL", "C"), !isRoot(), local.tool("pg_controldata").toString(),
                "-D", local.dataDir().toString());
        return field(out, name);
    }

    /** {@code Latest checkpoint location} of a cleanly shut down server, from pg_controldata. */
    long shutdownCheckpoint() throws IOException {
        Optional<PgControlFile> direct = PgControlFile.read(local.dataDir());
        if (direct.isPresent()) {
            if (direct.get().state() != PgControlFile.State.SHUT_DOWN) {
                throw new IOException(nodeId + " is not cleanly shut down (its control file says " + direct.get().state() + ")");
            }
            return direct.get().checkpoint();
        }
        // Root may read any data directory, so no user switch is needed (one process less before promotion).
        String out = tools.run(Duration.ofSeconds(30), Map.of("LC_ALL", "C"), !isRoot(), local.tool("pg_controldata").toString(),
                "-D", local.dataDir().toString());
        String state = field(out, "Database cluster state");
        if (!state.equals("shut down")) {
            throw new IOException(nodeId + " is not cleanly shut down (pg_controldata says \"" + state + "\")");
        }
        return Lsn.parse(field(out, "Latest checkpoint location"));
    }

    /**
     * Rewinds this (stopped) data directory onto the new primary's timeline. pg_rewind copies the
     * source's configuration files over ours, so ours are put back afterwards.
     */
    void rewind(String sourceConninfo, Map<String, String> env) throws IOException {
        List<String> configs = List.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf", "pg_ident.conf");
        Map<String, byte[]> saved = new java.util.HashMap<>();
        for (String name : configs) {
            Path p = local.dataDir().resolve(name);
            if (Files.exists(p)) {
                saved.put(name, Files.readAllBytes(p));
            }
        }
        tools.run(Duration.ofMinutes(10), env, true, local.tool("pg_rewind").toString(), "--target-pgdata=" + local.dataDir(),
                "--source-server=" + sourceConninfo);
        for (Map.Entry<String, byte[]> e : saved.entrySet()) {
            writeOwned(local.dataDir().resolve(e.getKey()), e.getValue());
        }
    }

    /** Writes a file in the data directory owned by the node's OS user (the server must be able to remove it). */
    void writeOwned(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        if (isRoot() && local.osUser().isPresent()) {
            UserPrincipal owner = file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(local.osUser().get());
            Files.setOwner(file, owner);
        }
    }


    private static String field(String controldata, String name) throws IOException {
        for (String line : controldata.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new IOException("pg_controldata printed no \"" + name + "\"");
    }

    /**
     * pg_waldump over this node's pg_wal, as its owner; its output whatever its exit (it ends with an error
     * at the end of the WAL, which is where the WAL ends, not a failure).
     */
    String waldump(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(local.tool("pg_waldump").toString(), "-p",
                local.dataDir().resolve("pg_wal").toString()));
        argv.addAll(List.of(args));
        return tools.run(Duration.ofMinutes(5), Map.of("LC_ALL", "C"), !isRoot(), false, argv.toArray(String[]::new));
    }


    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

}
