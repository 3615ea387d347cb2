package dev.handover.postgres;

import dev.handover.cluster.ClusterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PgClusterDefinitionTest {
    private static final String SECRET = "S3cret-never-shown";

    @TempDir
    Path dir;

    @Test
    void readsNodesWithLocalControlAndPasswordEnvironmentVariable() throws Exception {
        Path pgCtl = Files.createFile(dir.resolve("pg_ctl"));
        pgCtl.toFile().setExecutable(true);
        Path file = write("""
                {"passwordEnv": "HANDOVER_PGPASSWORD",
                 "nodes": [
                   {"id": "pg1", "region": "eu-west", "jdbcUrl": "jdbc:postgresql://db1.example.com:5433/app", "user": "postgres",
                    "local": {"dataDir": "/var/lib/postgresql/15/main", "configDir": "/etc/postgresql/15/main",
                              "pgCtl": "%s", "osUser": "postgres"}},
                   {"id": "pg2", "region": "eu-east", "jdbcUrl": "jdbc:postgresql://db2.example.com/app", "user": "postgres",
                    "passwordEnv": "PG2_PASSWORD"}
                 ]}
                """.formatted(pgCtl));
        PgClusterDefinition def = PgClusterDefinition.load(file);

        PgNodeDefinition pg1 = def.node("pg1").orElseThrow();
        assertEquals("db1.example.com", pg1.host());
        assertEquals(5433, pg1.port());
        assertEquals("app", pg1.database());
        assertEquals("db1.example.com:5433", pg1.addr());
        assertEquals("HANDOVER_PGPASSWORD", pg1.passwordEnv().orElseThrow());
        assertEquals(Path.of("/etc/postgresql/15/main"), pg1.local().orElseThrow().pgCtlDir());
        assertEquals(dir.resolve("pg_rewind"), pg1.local().orElseThrow().tool("pg_rewind"));
        PgNodeDefinition pg2 = def.node("pg2").orElseThrow();
        assertEquals(5432, pg2.port());
        assertEquals("PG2_PASSWORD", pg2.passwordEnv().orElseThrow());
        assertTrue(pg2.local().isEmpty());
        assertEquals("pg:" + file, new PgCluster(def, new PgConnector(Duration.ofSeconds(1))).name());
    }

    @Test
    void eachBadFileGivesOneMessageNamingFileAndField() throws IOException {
        String node2 = "{\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h2/db\", \"user\": \"u\"}";
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"nodes\": [", "not valid JSON"),
                Map.entry("[]", "(top level): must be a JSON object"),
                Map.entry("{}", "nodes: must be an array"),
                Map.entry("{\"nodes\": [" + node2 + "]}", "nodes: needs at least two nodes"),
                Map.entry("{\"nodes\": [" + node2 + ", " + node2 + "]}", "nodes[1].id: duplicate node id \"pg2\""),
                Map.entry("{\"nodes\": [{\"id\": 7, \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", \"user\": \"u\"}, "
                        + node2 + "]}", "nodes[0].id: must be a string, got number"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", \"user\": \"u\"}, " + node2 + "]}",
                        "nodes[0].region: is missing"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:mysql://h/db\", \"user\": \"u\"}, "
                        + node2 + "]}", "nodes[0].jdbcUrl: must start with jdbc:postgresql://"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://a,b/db\", \"user\": \"u\"}, "
                        + node2 + "]}", "nodes[0].jdbcUrl: must name exactly one host"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", \"user\": \"u\", "
                        + "\"colour\": \"red\"}, " + node2 + "]}", "nodes[0].colour: unknown field"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", \"user\": \"u\", "
                        + "\"local\": {\"dataDir\": \"relative/dir\", \"pgCtl\": \"/bin/true\"}}, " + node2 + "]}",
                        "nodes[0].local.dataDir: must be an absolute path"),
                Map.entry("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", \"user\": \"u\", "
                        + "\"local\": {\"dataDir\": \"/d\", \"pgCtl\": \"/no/such/pg_ctl\"}}, " + node2 + "]}",
                        "nodes[0].local.pgCtl: must be the absolute path of an executable pg_ctl"),
                Map.entry("{\"passwordEnv\": \"not a name\", \"nodes\": [" + node2 + "]}", "passwordEnv: must be the name of an environment variable"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = write(c.getKey());
            ClusterException e = assertThrows(ClusterException.class, () -> PgClusterDefinition.load(file), c.getKey());
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), "expected \"" + c.getValue() + "\" in: " + e.getMessage());
        }
        Path missing = dir.resolve("absent.json");
        assertEquals(missing + ": no such file",
                assertThrows(ClusterException.class, () -> PgClusterDefinition.load(missing)).getMessage());
    }

    @Test
    void aPasswordInTheFileIsRefusedWithoutEchoingIt() throws IOException {
        String node2 = "{\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h2/db\", \"user\": \"u\"}";
        Path inField = write("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db\", "
                + "\"user\": \"u\", \"password\": \"" + SECRET + "\"}, " + node2 + "]}");
        Path inUrl = write("{\"nodes\": [{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:postgresql://h/db?user=u&password="
                + SECRET + "\", \"user\": \"u\"}, " + node2 + "]}");
        for (Path file : new Path[] {inField, inUrl}) {
            ClusterException e = assertThrows(ClusterException.class, () -> PgClusterDefinition.load(file));
            assertTrue(e.getMessage().contains("passwordEnv"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void thePasswordTravelsOnlyToTheDriverNeverIntoRecordsOrMessages() throws Exception {
        Path file = write("""
                {"passwordEnv": "HANDOVER_TEST_PW", "nodes": [
                  {"id": "pg1", "region": "r", "jdbcUrl": "jdbc:postgresql://127.0.0.1:1/db", "user": "u"},
                  {"id": "pg2", "region": "r", "jdbcUrl": "jdbc:postgresql://127.0.0.1:2/db", "user": "u"}]}
                """);
        PgClusterDefinition def = PgClusterDefinition.load(file);
        assertFalse(def.toString().contains(SECRET));
        try (PgCluster pg = new PgCluster(def, new PgConnector(Map.of("HANDOVER_TEST_PW", SECRET)::get, Duration.ofSeconds(1)))) {
            for (PgNodeStatus s : pg.pgStatus()) {
                assertFalse(s.reachable());
                assertFalse(s.toString().contains(SECRET), s.toString());
            }
            assertFalse(pg.status().toString().contains(SECRET));
        }
        try (PgCluster pg = new PgCluster(def, new PgConnector(Map.<String, String>of()::get, Duration.ofSeconds(1)))) {
            assertTrue(pg.pgStatus().get(0).error().orElseThrow().contains("environment variable HANDOVER_TEST_PW"),
                    pg.pgStatus().get(0).error().orElseThrow());
        }
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "cluster", ".json");
        Files.writeString(file, json);
        return file;
    }
}
