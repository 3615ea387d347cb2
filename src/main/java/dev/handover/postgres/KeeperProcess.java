package dev.handover.postgres;

import dev.handover.postgres.bouncer.BouncerDefinition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The run's side of a {@link FreezeKeeper}: starts it as a child process on this JVM's class path,
 * renews its lease from a daemon thread, and asks it to stand down (or to lift the freeze) and waits
 * for its answer. The password reaches the child only through its environment, never its arguments.
 */
final class KeeperProcess implements AutoCloseable {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration HEARTBEAT = Duration.ofMillis(250);
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);
    private static final String EOF = "\u0000eof";
    static final String LOG_PROPERTY = "handover.keeperLog";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;
    private volatile boolean closed;
    /** Said {@code done}: the run ended normally after the stand-down. */
    private volatile boolean finished;
    /** The keeper's own word that it lifted (or kept) the freeze, or its exit: the lease is gone. */
    private volatile String lost;
    /** It said it lifted the freeze (or found it lifted): writes flow again. */
    private volatile boolean lifted;
    private int backendPid;

    private KeeperProcess(Process process, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
    }

    /**
     * Starts a keeper for a freeze of {@code primary} in a run toward {@code target} and waits until it is
     * connected to both (or says why it cannot be).
     */
    static KeeperProcess start(PgConnector connector, PgNodeDefinition primary, PgNodeDefinition target,
                               List<BouncerDefinition> bouncers, String runWho, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("--lease-ms", Long.toString(LEASE.toMillis()), "--log", log.toString(),
                "--run", runWho));
        ProcessBuilder pb = new ProcessBuilder();
        for (var node : List.of(Map.entry("primary", primary), Map.entry("target", target))) {
            PgNodeDefinition n = node.getValue();
            args.addAll(List.of("--" + node.getKey() + "-id", n.id(), "--" + node.getKey() + "-url", n.jdbcUrl(),
                    "--" + node.getKey() + "-user", n.user(), "--" + node.getKey() + "-host", n.host(),
                    "--" + node.getKey() + "-port", Integer.toString(n.port())));
            // Where it tells a node stopped on this host, should the run die during its commit (see KeeperAfterCommit).
            n.local().ifPresent(l -> args.addAll(List.of("--" + node.getKey() + "-data-dir", l.dataDir().toString())));
            if (n.passwordEnv().isPresent()) {
                args.addAll(List.of("--" + node.getKey() + "-password-env", n.passwordEnv().get()));
                // The connector may read another environment than the process's (tests, embedding): hand it on.
                connector.password(n).ifPresent(p -> pb.environment().put(n.passwordEnv().get(), p));
            }
        }
        // The bouncers' admin consoles, so the keeper can RESUME the pools a dead run paused; passwords as the nodes'.
        for (int i = 0; i < bouncers.size(); i++) {
            BouncerDefinition b = bouncers.get(i);
            String key = "--bouncer" + i + "-";
            args.addAll(List.of(key + "id", b.id(), key + "host", b.host(), key + "port", Integer.toString(b.port()),
                    key + "user", b.user(), key + "databases", String.join(",", b.databases()),
                    key + "target-file", b.targetFile().toString()));
            if (b.passwordEnv().isPresent()) {
                String name = b.passwordEnv().get();
                args.addAll(List.of(key + "password-env", name));
                String pw = connector.env().apply(name);
                if (pw != null) {
                    pb.environment().put(name, pw);
                }
            }
        }
        pb.command(command(args));
        Files.createDirectories(log.toAbsolutePath().getParent());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        KeeperProcess k = new KeeperProcess(pb.start(), log);
        k.listen();
        k.awaitReady();
        k.heartbeat();
        return k;
    }

    /**
     * Where keepers log what they did: the system property {@value #LOG_PROPERTY} if set, else
     * {@code $XDG_STATE_HOME/handover/keeper.log}, else {@code ~/.local/state/handover/keeper.log}.
     */
    static Path defaultLog() {
        String property = System.getProperty(LOG_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path state = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return state.resolve("handover").resolve("keeper.log");
    }

    /**
     * {@code java -cp <this class path> FreezeKeeper ...} where this runtime has a {@code java} binary;
     * a packaged app's runtime has none, so its own launcher is run with {@link FreezeKeeper#COMMAND}.
     */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            cmd.addAll(List.of(java.toString(), "-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto", "-cp", System.getProperty("java.class.path"), FreezeKeeper.class.getName()));
        } else {
            String launcher = ProcessHandle.current().info().command()
                    .orElseThrow(() -> new IllegalStateException("cannot tell how this process was started, so the freeze keeper cannot be"));
            cmd.addAll(List.of(launcher, FreezeKeeper.COMMAND));
        }
        cmd.addAll(args);
        return cmd;
    }

    long pid() {
        return process.pid();
    }

    /** The keeper's session on the primary: spared by the freeze, and not counted as another run's lock. */
    int backendPid() {
        return backendPid;
    }

    Path log() {
        return log;
    }

    /** Right before ALTER SYSTEM: from now on, a run that stops renewing gets its freeze lifted. */
    void arm(Optional<String> previous, int runBackendPid) throws IOException {
        send("arm " + previous.map(v -> v.replace(' ', '_')).orElse("-") + " " + runBackendPid);
    }

    /** Right before the run PAUSEs {@code db} on {@code bouncerId}: the keeper RESUMEs it should the run die before its commit. */
    void pool(String bouncerId, String db) throws IOException {
        send("pool " + bouncerId + " " + db);
    }

    /** Throws when the lease is gone: the keeper lifted the freeze, refused to, or exited. */
    void check() throws LeaseLost {
        String why = lost;
        if (why == null && !process.isAlive()) {
            why = "the freeze keeper (pid " + process.pid() + ") exited; see " + log;
        }
        if (why != null) {
            throw new LeaseLost(why);
        }
    }

    /**
     * Asks the keeper to stand down and waits for its acknowledgement. Throws when it had already lifted
     * the freeze, is gone, or does not answer (then it is killed: either way it no longer holds the lease).
     */
    void standDown() throws LeaseLost {
        check();
        String answer = ask("stand-down");
        if (!answer.equals("stood-down")) {
            throw new LeaseLost(describe(answer));
        }
        closed = true;
    }

    /** Whether the keeper acknowledged a stand-down: it no longer holds the lease, and will not lift anything. */
    boolean stoodDown() {
        return closed && lost == null;
    }

    /** Asks the keeper to lift the freeze now (the run's own resume failed); true when it did, now or before. */
    boolean release() {
        if (lifted) {
            return true;
        }
        if (lost != null || !process.isAlive()) {
            return false;
        }
        try {
            return ask("release").startsWith(FreezeKeeper.RELEASED);
        } catch (LeaseLost e) {
            return false;
        }
    }

    private String ask(String request) throws LeaseLost {
        answers.clear();
        try {
            send(request);
        } catch (IOException e) {
            throw new LeaseLost("the freeze keeper (pid " + process.pid() + ") no longer listens (" + e.getMessage()
                    + "); see " + log);
        }
        String answer;
        try {
            answer = answers.poll(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = null;
        }
        if (answer == null) {
            process.destroyForcibly();
            throw new LeaseLost("the freeze keeper (pid " + process.pid() + ") did not answer \"" + request + "\" within "
                    + ANSWER_WAIT.toSeconds() + "s and was killed; see " + log);
        }
        if (answer.equals(EOF)) {
            throw new LeaseLost(lost != null ? lost : "the freeze keeper (pid " + process.pid() + ") exited; see " + log);
        }
        return answer;
    }

    private String describe(String answer) {
        if (answer.startsWith(FreezeKeeper.RELEASED)) {
            return "the freeze keeper had already lifted the freeze (" + answer.substring(FreezeKeeper.RELEASED.length()) + ")";
        }
        if (answer.startsWith(FreezeKeeper.KEPT)) {
            return "the freeze keeper gave up the lease (" + answer.substring(FreezeKeeper.KEPT.length()) + ")";
        }
        return "the freeze keeper answered \"" + answer + "\"";
    }

    private synchronized void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void listen() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(FreezeKeeper.RELEASED) || line.startsWith(FreezeKeeper.KEPT)) {
                        lifted = line.startsWith(FreezeKeeper.RELEASED);
                        lost = describe(line);
                    }
                    answers.add(line);
                }
            } catch (IOException e) {
                // the keeper is gone: the end below says so
            }
            if (lost == null && !closed) {
                lost = "the freeze keeper (pid " + process.pid() + ") exited; see " + log;
            }
            answers.add(EOF);
        }, "freeze-keeper-out");
        t.setDaemon(true);
        t.start();
    }

    private void awaitReady() throws IOException {
        String line;
        try {
            line = answers.poll(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line = null;
        }
        if (line == null || !line.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException(line == null ? "the freeze keeper did not start within " + START_WAIT.toSeconds() + "s; see " + log
                    : line.startsWith("error ") ? "the freeze keeper could not start: " + line.substring("error ".length())
                    : "the freeze keeper exited at start; see " + log);
        }
        backendPid = Integer.parseInt(line.split(" ")[1]);
        lost = null;
    }

    /** Renews the lease every {@link #HEARTBEAT} until closed; a write that fails means the keeper is gone. */
    private void heartbeat() {
        Thread t = new Thread(() -> {
            while (!closed && process.isAlive()) {
                try {
                    send("renew");
                } catch (IOException e) {
                    return;
                }
                LockSupport.parkNanos(HEARTBEAT.toNanos());
            }
        }, "freeze-keeper-lease");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Ends the lease without a word: the keeper reads the end of its input as the run being gone, so an
     * armed keeper lifts the freeze (a run abandoned while frozen) and an unarmed one just exits. A keeper
     * stood down is told {@code done} first: the run ended normally, so its commit was not cut short.
     */
    @Override
    public void close() {
        if (stoodDown() && !finished) {
            finished = true;
            try {
                send("done");
            } catch (IOException e) {
                // it is gone already
            }
        }
        closed = true;
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Waits (bounded) for the keeper process to exit; true when it has. */
    boolean awaitExit(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The lease is gone: writes may flow again, so the commit must not go ahead. */
    static final class LeaseLost extends Exception {
        LeaseLost(String message) {
            super(message);
        }
    }
}
