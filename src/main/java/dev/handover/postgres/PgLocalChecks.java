package dev.handover.postgres;

import dev.handover.cluster.PreflightCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Before a run, each node of the definition is checked the way the run will use it, so a wrong field is found
 * now and not as a node left unmanaged half-way: the node answers on its {@code jdbcUrl}, and its {@code local}
 * block is this host's truth — the OS user exists, {@code pg_ctl} is the server's major version, the data directory
 * is the one the server runs from ({@code SHOW data_directory}, {@code PG_VERSION}) and its {@code postmaster.pid}
 * names the definition's port. Every failure names the field to fix.
 */
final class PgLocalChecks {
    static final String ANSWERS = "Node answers";
    static final String LOCAL = "Local control";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern MAJOR = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgLocalChecks(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    /** What the server said about itself, when it answered. */
    private record Seen(int major, Path dataDirectory) {
    }

    /** One line for whether every node answers, one for the local blocks; a failure in either names the node and field. */
    List<PreflightCheck> check() {
        List<String> down = new ArrayList<>();
        List<String> localFailed = new ArrayList<>();
        List<String> localOk = new ArrayList<>();
        for (PgNodeDefinition n : definition.nodes()) {
            Optional<Seen> seen;
            try (Connection c = connector.open(n, TIMEOUT); Statement st = c.createStatement()) {
                seen = Optional.of(new Seen(Integer.parseInt(one(st, "SHOW server_version_num")) / 10_000,
                        Path.of(one(st, "SHOW data_directory"))));
            } catch (SQLException | RuntimeException e) {
                down.add(n.id() + " does not answer on jdbcUrl " + n.addr() + " (" + firstLine(e.getMessage())
                        + "): fix its jdbcUrl (host, port) or start it");
                seen = Optional.empty();
            }
            if (n.local().isPresent()) {
                List<String> wrong = local(n, n.local().get(), seen);
                if (wrong.isEmpty()) {
                    localOk.add(n.id());
                } else {
                    localFailed.addAll(wrong);
                }
            }
        }
        List<PreflightCheck> out = new ArrayList<>();
        out.add(down.isEmpty()
                ? PreflightCheck.pass(ANSWERS, "every node answers on its jdbcUrl (" + String.join(", ",
                        definition.nodes().stream().map(n -> n.id() + " " + n.addr()).toList()) + ")")
                : PreflightCheck.fail(ANSWERS, String.join("; ", down)));
        if (!localFailed.isEmpty()) {
            out.add(PreflightCheck.fail(LOCAL, String.join("; ", localFailed)
                    + ": the run would leave that node unmanaged; fix the definition's local block"));
        } else if (!localOk.isEmpty()) {
            out.add(PreflightCheck.pass(LOCAL, "osUser, pgCtl, dataDir and port hold for " + String.join(", ", localOk)));
        }
        return out;
    }

    /** What is wrong with {@code n}'s local block, each naming its field; empty when it holds. */
    private static List<String> local(PgNodeDefinition n, LocalControl l, Optional<Seen> seen) {
        List<String> wrong = new ArrayList<>();
        String at = n.id() + " local.";
        if (l.osUser().isPresent()) {
            try {
                FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(l.osUser().get());
            } catch (UserPrincipalNotFoundException e) {
                wrong.add(at + "osUser \"" + l.osUser().get() + "\" is no user on this host");
            } catch (IOException e) {
                wrong.add(at + "osUser \"" + l.osUser().get() + "\" could not be looked up (" + e.getMessage() + ")");
            }
        }
        Optional<Integer> dataMajor = Optional.empty();
        Path dataDir = l.dataDir();
        if (!Files.isDirectory(dataDir)) {
            wrong.add(at + "dataDir " + dataDir + " is no directory");
        } else {
            runsAs(l, dataDir).ifPresent(why -> wrong.add(at + why));
            Path version = dataDir.resolve("PG_VERSION");
            try {
                dataMajor = Optional.of(Integer.parseInt(Files.readString(version).trim()));
            } catch (IOException | NumberFormatException e) {
                wrong.add(at + "dataDir " + dataDir + " holds no readable PG_VERSION: it is no PostgreSQL data directory");
            }
            if (seen.isPresent() && !same(seen.get().dataDirectory(), dataDir)) {
                wrong.add(at + "dataDir " + dataDir + " is not the one the server on " + n.addr() + " runs from ("
                        + seen.get().dataDirectory() + ")");
            }
            postmasterPort(dataDir).filter(p -> p != n.port()).ifPresent(p -> wrong.add(n.id() + " jdbcUrl port " + n.port()
                    + " is not the port of the server in local.dataDir " + dataDir + " (its postmaster.pid says " + p + ")"));
        }
        Optional<Integer> fromFile = dataMajor;
        Optional<Integer> server = seen.map(Seen::major).or(() -> fromFile);
        CtlVersion ctl = pgCtlVersion(l.pgCtl());
        if (ctl.major().isEmpty()) {
            wrong.add(at + "pgCtl " + l.pgCtl() + " is not a working pg_ctl (" + ctl.said() + ")");
        } else if (server.isPresent() && !server.get().equals(ctl.major().get())) {
            wrong.add(at + "pgCtl " + l.pgCtl() + " is PostgreSQL " + ctl.major().get() + ", the server is " + server.get());
        }
        return wrong;
    }

    /**
     * pg_ctl runs as {@code osUser} (else as Handover's own user) and PostgreSQL starts only as the owner of its data
     * directory: a user who exists but does not own it stops the old primary and then cannot start it again (seen in a
     * DBA's trial). Also: only root can run as another user.
     */
    private static Optional<String> runsAs(LocalControl l, Path dataDir) {
        String me = System.getProperty("user.name");
        String as = l.osUser().orElse(me);
        String owner;
        try {
            owner = Files.getOwner(dataDir).getName();
        } catch (IOException e) {
            return Optional.of("dataDir " + dataDir + ": its owner could not be read (" + e.getMessage() + ")");
        }
        if (!owner.equals(as)) {
            return Optional.of((l.osUser().isPresent() ? "osUser \"" + as + "\"" : "osUser (unset: Handover's own user " + me + ")")
                    + " does not own dataDir " + dataDir + " (its owner is " + owner + "): pg_ctl would be refused; set osUser to "
                    + owner);
        }
        if (!as.equals(me) && !"root".equals(me)) {
            return Optional.of("osUser \"" + as + "\": Handover runs as " + me + ", not root, so it cannot run pg_ctl as " + as);
        }
        return Optional.empty();
    }

    /** {@code pg_ctl --version}: its major version, or why none was read. */
    private record CtlVersion(Optional<Integer> major, String said) {
    }

    private static CtlVersion pgCtlVersion(Path pgCtl) {
        if (!Files.isExecutable(pgCtl)) {
            return new CtlVersion(Optional.empty(), "not executable");
        }
        try {
            Process p = new ProcessBuilder(pgCtl.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new CtlVersion(Optional.empty(), "--version did not answer in 10s");
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Matcher m = MAJOR.matcher(said);
            if (p.exitValue() != 0 || !said.startsWith("pg_ctl") || !m.find()) {
                return new CtlVersion(Optional.empty(), "--version said \"" + firstLine(said) + "\"");
            }
            return new CtlVersion(Optional.of(Integer.parseInt(m.group(1))), said);
        } catch (IOException e) {
            return new CtlVersion(Optional.empty(), "cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CtlVersion(Optional.empty(), "interrupted");
        }
    }

    /** The port in {@code postmaster.pid} (its fourth line) of a running server; empty when none runs or it cannot be read. */
    private static Optional<Integer> postmasterPort(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() < 4 ? Optional.empty() : Optional.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.normalize().equals(b.normalize());
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
