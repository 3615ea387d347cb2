package dev.handover.secrets;

import dev.handover.testing.RealServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A known secret goes in and is searched for in everything that comes out. Every command runs as its
 * own process ({@code java dev.handover.Main}), so its environment really holds the password, as an
 * operator's would, and every byte it prints (driver logging included) is searched: stdout and stderr of
 * help, status, run, history and recover; the journal files; the run report and an exported run; the
 * PostgreSQL server logs; and the refusal of a definition whose JDBC URL embeds the password.
 *
 * <p>The in-process side (sessions, pg_rewind's PGPASSWORD, outcome and exception texts of a forced
 * handover on a password-protected cluster) is {@code dev.handover.postgres.PgSecretTest}; the
 * redaction rules themselves are {@code dev.handover.journal.SecretsTest}. The console opens only
 * simulated clusters, so no password reaches it.
 */
@RealServer
class SecretsEndToEndTest {
    private static final String ENV = "HANDOVER_E2E_PGPASSWORD";
    private static final String SECRET = "S3cr3t-" + randomHex();
    private static final String WRONG = "S3cr3t-wrong-" + randomHex();
    private static final Pattern RUN_ID = Pattern.compile("Recorded as run (\\S+) in");

    @TempDir
    Path dir;

    private final List<String> outputs = new ArrayList<>();

    @Test
    void theSecretAppearsInNoOutputOfAnyCommandNorInAnyFileWritten() throws Exception {
        Path journal = dir.resolve("journal");
        Path report = dir.resolve("report.json");
        Path exported = dir.resolve("exported.json");

        // Without a cluster: help, an unreachable cluster (status shows it, run refuses), URLs that carry the password.
        handover(Map.of(), 0, "help");
        Path down = definition("down.json", closedPort(), closedPort(), "");
        assertTrue(handover(Map.of(ENV, SECRET), 5, "status", "--cluster", "pg:" + down).contains("unreachable"));
        handover(Map.of(ENV, SECRET), 1, "run", "--cluster", "pg:" + down, "--target", "pg2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString(), "--report", report.toString());
        assertFalse(Files.exists(report), "a refused run writes no report");
        String inQuery = handover(Map.of(), 1, "status", "--cluster", "pg:" + definition("in-query.json", 1, 2,
                "?user=postgres&password=" + SECRET));
        assertTrue(inQuery.contains("must not carry a password"), inQuery);
        String userInfo = handover(Map.of(), 1, "status", "--cluster", "pg:" + definitionWithUrl("user-info.json",
                "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:1/postgres"));
        assertTrue(userInfo.contains("must not carry a user or password"), userInfo);

        // A real password-protected cluster, the password in the variable its definition names.
        try (LoopbackCluster cluster = LoopbackCluster.start(3, SECRET)) {
            Path def = withPasswordEnv(cluster.definitionFile());
            String spec = "pg:" + def;
            assertTrue(handover(Map.of(ENV, SECRET), 0, "status", "--cluster", spec).contains("healthy"));
            String run = handover(Map.of(ENV, SECRET), 0, "run", "--cluster", spec, "--target", "pg2", "--mode",
                    "coordinated", "--deadline", "10s", "--journal", journal.toString(), "--report", report.toString());
            assertTrue(run.contains("COMMITTED"), run);
            Matcher id = RUN_ID.matcher(run);
            assertTrue(id.find(), run);
            handover(Map.of(), 0, "history", "--journal", journal.toString());
            handover(Map.of(), 0, "history", "--journal", journal.toString(), "--show", id.group(1));
            handover(Map.of(), 0, "history", "--journal", journal.toString(), "--export", id.group(1), exported.toString());
            handover(Map.of(), 0, "recover", "--journal", journal.toString());
            // A wrong password is refused by the server; the refusal quotes neither password.
            String wrong = handover(Map.of(ENV, WRONG), 5, "status", "--cluster", spec); // every node unreachable: 5
            assertTrue(wrong.contains("password authentication failed"), wrong);
            // No passwordEnv: the driver reads the password from a passfile, as libpq does.
            Path pgpass = Files.writeString(dir.resolve("pgpass"), "*:*:*:postgres:" + SECRET + "\n");
            Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertTrue(handover(Map.of("PGPASSFILE", pgpass.toString()), 0, "status", "--cluster",
                    "pg:" + cluster.definitionFile()).contains("healthy"));
            for (LoopbackCluster.Node n : cluster.nodes()) {
                outputs.add(cluster.log(n.id()));
            }
        }

        outputs.add(Files.readString(report));
        outputs.add(Files.readString(exported));
        try (Stream<Path> files = Files.walk(journal)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                outputs.add(Files.readString(f));
            }
        }
        assertTrue(outputs.size() >= 17, "every output was collected");
        for (String text : outputs) {
            assertFalse(text.contains(SECRET), "the password leaked into:\n" + text);
            assertFalse(text.contains(WRONG), "the wrong password leaked into:\n" + text);
        }
    }

    /** Runs the headless command in its own JVM with {@code env} added; returns stdout + stderr, kept for the search. */
    private String handover(Map<String, String> env, int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.handover.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove(ENV);
        pb.environment().remove("PGPASSWORD");
        pb.environment().remove("PGPASSFILE");
        pb.environment().put("XDG_DATA_HOME", dir.resolve("xdg").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "handover " + String.join(" ", args) + " did not end");
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));
        outputs.add(out);
        outputs.add(err);
        assertEquals(expectedExit, p.exitValue(), "handover " + String.join(" ", args) + "\n" + out + err);
        return out + err;
    }

    private Path withPasswordEnv(Path harnessDefinition) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(harnessDefinition.toFile());
        root.put("passwordEnv", ENV);
        Path file = dir.resolve("cluster.json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    private Path definition(String name, int port1, int port2, String query) throws IOException {
        return Files.writeString(dir.resolve(name), "{\"passwordEnv\": \"" + ENV + "\", \"nodes\": [\n"
                + "  {\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:" + port1 + "/postgres" + query
                + "\", \"user\": \"postgres\"},\n"
                + "  {\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:" + port2
                + "/postgres\", \"user\": \"postgres\"}]}\n", StandardCharsets.UTF_8);
    }

    private Path definitionWithUrl(String name, String url) throws IOException {
        return Files.writeString(dir.resolve(name), "{\"nodes\": [\n"
                + "  {\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"" + url + "\", \"user\": \"postgres\"},\n"
                + "  {\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:2/postgres\", \"user\": \"postgres\"}]}\n",
                StandardCharsets.UTF_8);
    }

    private static String randomHex() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
