package dev.handover.postgres;

import dev.handover.postgres.bouncer.BouncerDefinition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The freeze lease on PostgreSQL: a small process, started by a run before it freezes a primary it has
 * local control of, that lifts the freeze by itself when the run stops renewing it. PostgreSQL has no
 * timer that could undo an {@code ALTER SYSTEM} setting, so the timer lives here, beside the run.
 *
 * <p>Protocol, one line at a time on the keeper's stdin (from the run) and stdout (to it):
 * <pre>
 *   keeper: ready &lt;backend pid on the primary&gt; &lt;timeline&gt;   connected to both nodes, keeper lock taken
 *   run:    pool &lt;bouncer id&gt; &lt;database&gt;                 right before the run PAUSEs that pool
 *   run:    arm &lt;previous value or -&gt; &lt;run's backend pid&gt;   sent right before ALTER SYSTEM
 *   run:    renew                                            every 250 ms, from a daemon thread
 *   run:    stand-down      keeper: stood-down               before the commit, and after a resume
 *   run:    release         keeper: released ... | kept ...  the run's own resume failed: lift it now
 *   run:    done                                             after stand-down: the run ended normally
 *   keeper: released ... | kept ...                          it lifted (or refused to lift) on its own
 * </pre>
 * Armed, the keeper lifts the freeze when its stdin ends (the run's process died: the kernel closes the
 * pipe) or no line came within the lease (the run hangs). First it ends the run's session on the primary
 * and waits for it to go, so no statement of the run can land after; then it checks that nothing was
 * committed — the primary still not in recovery and on the timeline it froze, the target still in
 * recovery — and restores the setting exactly as the run would ({@link PgFreeze#resume}), logging every
 * step to the file it was given. Then it RESUMEs the PgBouncer pools the run told it of (and only those), each
 * confirmed by {@code SHOW DATABASES}: they route to that primary (nothing retargets them before the commit) and it
 * takes writes again. Unarmed, it resumes the pools it was told of when the primary takes writes (the run died
 * between its PAUSE and its freeze), else just exits. A keeper stood down (the commit is next, or the run resumed
 * writes itself) lifts nothing; should the run's
 * process then die without saying {@code done} (killed during its commit), {@link KeeperAfterCommit} resumes the pools
 * toward the one node verified taking writes, if one is within its bound. It holds {@link PgRunLock#KEEPER} while it lives, so no other run starts before it
 * is done.
 *
 * <p>If the keeper dies too, the freeze stays: {@code status} shows WRITES FROZEN and
 * {@code handover recover --release <run id>} lifts it after the same checks.
 */
public final class FreezeKeeper {
    /** The first argument that makes a packaged launcher (which has no {@code java} binary) run the keeper. */
    public static final String COMMAND = "--handover-freeze-keeper";

    /** How the keeper's answer to the run begins: writes flow on the primary (lifted here, or found not frozen). */
    static final String RELEASED = "released ";
    /** How the keeper's answer begins when it left the primary as it was (and why follows). */
    static final String KEPT = "kept ";

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_FOR = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";

    /**
     * Its logins may take their time: the keeper connects before anything is frozen, and a fresh JVM's first
     * SCRAM login on a loaded host took over 3 s (the run then refused to start, nothing frozen).
     */
    private final PgConnector connector = new PgConnector(Duration.ofSeconds(10));
    private final PgNodeDefinition primary;
    private final PgNodeDefinition target;
    private final KeeperAfterCommit.Watched watchedPrimary;
    private final KeeperAfterCommit.Watched watchedTarget;
    /** The run said {@code stand-down}: its commit began (or it resumed writes itself); only {@code done} ends it well. */
    private boolean stoodDown;
    private final Duration lease;
    private final String runWho;
    private final Path log;
    private final PrintStream out;
    private Connection primarySession;
    private Connection targetSession;
    private long timeline;
    private boolean armed;
    private Optional<String> previous = Optional.empty();
    private int runBackendPid;
    /** The pools the run said it pauses, with the bouncers whose admin consoles the keeper may use. */
    private final KeeperPools pools;

    private FreezeKeeper(KeeperAfterCommit.Watched primary, KeeperAfterCommit.Watched target, Duration lease, String runWho,
                         Path log, PrintStream out, List<BouncerDefinition> bouncers) {
        this.pools = new KeeperPools(bouncers, this::log);
        this.watchedPrimary = primary;
        this.watchedTarget = target;
        this.primary = primary.node();
        this.target = target.node();
        this.lease = lease;
        this.runWho = runWho;
        this.log = log;
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        FreezeKeeper keeper;
        try {
            keeper = parse(args, out);
        } catch (IllegalArgumentException e) {
            out.println("error " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(keeper.run());
    }

    private static FreezeKeeper parse(String[] args, PrintStream out) {
        KeeperArgs a = KeeperArgs.parse(args);
        return new FreezeKeeper(a.primary(), a.target(), a.lease(), a.runWho(), a.log(), out, a.bouncers());
    }

    private int run() {
        log("started (keeper pid " + ProcessHandle.current().pid() + ") for run " + runWho + ": " + primary.id()
                + " -> " + target.id() + ", lease " + lease.toMillis() + "ms");
        try {
            connect();
        } catch (SQLException | RuntimeException e) {
            log("could not start: " + e.getMessage());
            out.println("error " + oneLine(e.getMessage()));
            return 1;
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> read(lines), "keeper-stdin");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + lease.toNanos();
        try {
            while (true) {
                // Stood down, the run renews nothing (its commit may take long): only its end or its "done" counts.
                String line = stoodDown ? lines.take() : lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (stoodDown && line.equals(EOF)) {
                    new KeeperAfterCommit(connector, watchedPrimary, watchedTarget, pools.bouncers(), pools.byBouncer(), runWho, this::log,
                            KeeperAfterCommit.WATCH_FOR).run();
                    return 0;
                }
                if (line == null || line.equals(EOF)) {
                    String why = line == null ? "no word from the run for " + lease.toMillis() + "ms (it hangs or is stopped)"
                            : "the run's process ended (its pipe closed)";
                    if (!armed) {
                        if (pools.isEmpty()) {
                            log(why + " before any freeze; nothing to do");
                        } else {
                            log(why + " after pausing PgBouncer pools, before any freeze");
                            resumePoolsIfWritable();
                        }
                        return 0;
                    }
                    return lift(why, true);
                }
                deadline = System.nanoTime() + lease.toNanos();
                String[] words = line.trim().split(" ");
                switch (words[0]) {
                    case "renew" -> { }
                    case "pool" -> {
                        if (words.length == 3 && pools.told(words[1], words[2])) {
                            log("told: the run pauses " + words[1] + "/" + words[2] + " (resumed here should the run die "
                                    + "before its commit)");
                        } else {
                            log("ignored \"" + oneLine(line) + "\": no such bouncer among this keeper's");
                        }
                    }
                    case "arm" -> {
                        armed = true;
                        previous = words[1].equals("-") ? Optional.empty() : Optional.of(words[1]);
                        runBackendPid = Integer.parseInt(words[2]);
                        log("armed: the run is freezing " + primary.id() + " (restore " + previous.orElse("RESET")
                                + ", run's backend " + runBackendPid + ")");
                    }
                    case "stand-down" -> {
                        log("stood down at the run's request" + (armed ? " (its commit is next, or it resumed writes itself)" : "")
                                + "; the run's sessions' end still watched, for the pools it paused");
                        out.println("stood-down");
                        stoodDown = true;
                        // Its sessions (and the keeper lock) go as before: nothing here lifts a freeze any more.
                        PgTransport.closeQuietly(primarySession);
                        PgTransport.closeQuietly(targetSession);
                        primarySession = null;
                        targetSession = null;
                    }
                    case "done" -> {
                        log("the run ended normally" + (stoodDown ? " after its commit or its own resume" : "") + "; exiting");
                        return 0;
                    }
                    case "release" -> {
                        return lift("the run asked (its own resume failed)", false);
                    }
                    default -> log("ignored unknown line \"" + oneLine(line) + "\"");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return armed ? lift("interrupted", true) : 0;
        } finally {
            PgTransport.closeQuietly(primarySession);
            PgTransport.closeQuietly(targetSession);
        }
    }

    private void connect() throws SQLException {
        primarySession = connector.open(primary, SOCKET_TIMEOUT, PgRunLock.keeperName(runWho));
        try (Statement st = primarySession.createStatement()) {
            if (Sql.bool(st, "SELECT pg_is_in_recovery()")) {
                throw new SQLException(primary.id() + " is in recovery, not a primary");
            }
            if (!PgRunLock.tryKeeper(primarySession)) {
                throw new SQLException("another freeze keeper holds the keeper lock on " + primary.id() + ": "
                        + String.join("; ", PgRunLock.holders(st, 0).stream().map(PgRunLock.Holder::text).toList()));
            }
            timeline = PgFreeze.timeline(st);
        }
        targetSession = connector.open(target, SOCKET_TIMEOUT, PgRunLock.keeperName(runWho));
        try (Statement st = targetSession.createStatement()) {
            if (!Sql.bool(st, "SELECT pg_is_in_recovery()")) {
                throw new SQLException(target.id() + " is not in recovery, not a standby");
            }
        }
        try (Statement st = primarySession.createStatement()) {
            out.println("ready " + Sql.longValue(st, "SELECT pg_backend_pid()") + " " + timeline);
        }
        log("ready: connected to " + primary.id() + " (timeline " + timeline + ") and " + target.id() + " (a standby)");
    }

    private static void read(BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // a broken pipe reads as the end: the run is gone either way
        }
        lines.add(EOF);
    }

    /**
     * Lifts the freeze after checking nothing was committed; tells the run (if it still listens) and exits.
     * {@code endRunSession}: the run stopped answering, so its session is ended before anything is written.
     */
    private int lift(String why, boolean endRunSession) {
        log("lifting the freeze on " + primary.id() + ": " + why);
        long started = System.nanoTime();
        long giveUp = started + RETRY_FOR.toNanos();
        while (true) {
            try {
                KeeperRelease.Attempt done = liftOnce(endRunSession);
                log(done.text() + " (" + (System.nanoTime() - started) / 1_000_000 + "ms after deciding to lift)");
                boolean writable = done.writable();
                out.println((writable ? RELEASED : KEPT) + done.text());
                if (endRunSession && !pools.isEmpty()) {
                    if (writable) {
                        pools.resumeAll();
                    } else {
                        log("PgBouncer pools " + pools.names() + " LEFT PAUSED: " + primary.id() + " was not resumed here (see "
                                + "above), and a pool is never resumed toward a node not seen taking writes; `handover recover` "
                                + "retargets them to the primary it finds and resumes them");
                    }
                }
                return 0;
            } catch (SQLException | RuntimeException e) {
                if (System.nanoTime() > giveUp) {
                    String left = "LEFT FROZEN: could not check and lift within " + RETRY_FOR.toSeconds() + "s (last error: "
                            + oneLine(e.getMessage()) + "); check the cluster, then `handover recover --release <run id>`";
                    log(left);
                    out.println(KEPT + left);
                    return 1;
                }
                log("retrying: " + oneLine(e.getMessage()));
                PgTransport.closeQuietly(primarySession);
                PgTransport.closeQuietly(targetSession);
                primarySession = null;
                targetSession = null;
                try {
                    PgFreeze.pause(200);
                } catch (SQLException interrupted) {
                    return 1;
                }
            }
        }
    }

    /**
     * The run died between its PAUSE and its freeze: the primary was never frozen by it, but the pools wait for
     * nothing. They are resumed once the primary is seen taking writes (not in recovery, not frozen).
     */
    private void resumePoolsIfWritable() {
        try {
            if (primarySession == null || primarySession.isClosed()) {
                primarySession = connector.open(primary, SOCKET_TIMEOUT, PgRunLock.keeperName(runWho));
            }
            try (Statement st = primarySession.createStatement()) {
                if (Sql.bool(st, "SELECT pg_is_in_recovery()") || PgFreeze.isFrozen(primarySession)) {
                    log("PgBouncer pools " + pools.names() + " LEFT PAUSED: " + primary.id() + " is in recovery or frozen; "
                            + "`handover recover` decides where they go");
                    return;
                }
            }
        } catch (SQLException e) {
            log("PgBouncer pools " + pools.names() + " LEFT PAUSED: " + primary.id() + " could not be read (" + oneLine(e.getMessage())
                    + "); `handover recover` decides where they go");
            return;
        }
        pools.resumeAll();
    }

    /** One attempt: the word for what happened, or an exception to retry on ({@link KeeperRelease}). */
    private KeeperRelease.Attempt liftOnce(boolean endRunSession) throws SQLException {
        if (primarySession == null || primarySession.isClosed()) {
            primarySession = connector.open(primary, SOCKET_TIMEOUT, PgRunLock.keeperName(runWho));
        }
        if (targetSession == null || targetSession.isClosed()) {
            targetSession = connector.open(target, SOCKET_TIMEOUT, PgRunLock.keeperName(runWho));
        }
        return new KeeperRelease(primary, target, timeline, previous, runBackendPid)
                .liftOnce(primarySession, targetSession, endRunSession);
    }


    private void log(String line) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, Instant.now() + " keeper " + ProcessHandle.current().pid() + " [" + runWho + "] "
                    + line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("handover freeze keeper: " + line);
        }
    }

    static String oneLine(String s) {
        return s == null ? "?" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
