package dev.handover.postgres.bouncer;

import dev.handover.cluster.ClusterException;
import dev.handover.postgres.PgClusterDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The definition's {@code pgbouncers} entries, and the target file Handover rewrites. */
class BouncerDefinitionTest {
    private static final String NODES = """
            "nodes": [
              {"id": "pg1", "region": "a", "jdbcUrl": "jdbc:postgresql://db1:5432/app", "user": "postgres"},
              {"id": "pg2", "region": "b", "jdbcUrl": "jdbc:postgresql://db2:5432/app", "user": "postgres"}]""";

    @TempDir
    Path dir;

    private Path write(String bouncers) throws Exception {
        Path f = dir.resolve("cluster.json");
        Files.writeString(f, "{\"passwordEnv\": \"PGPW\", " + NODES + (bouncers.isEmpty() ? "" : ", \"pgbouncers\": " + bouncers) + "}");
        return f;
    }

    @Test
    void readsABouncerWithItsDatabasesTargetFileAndPauseTimeout() throws Exception {
        PgClusterDefinition def = PgClusterDefinition.load(write("""
                [{"id": "pgb1", "admin": "10.0.0.5:6432", "user": "pgbouncer", "databases": ["app", "app_ro"],
                  "targetFile": "/etc/pgbouncer/handover-databases.ini", "pauseTimeoutMs": 2500}]"""));
        BouncerDefinition b = def.bouncers().get(0);
        assertEquals("pgb1", b.id());
        assertEquals("10.0.0.5:6432", b.addr());
        assertEquals("pgbouncer", b.user());
        assertEquals("PGPW", b.passwordEnv().orElseThrow()); // the cluster's, as for nodes
        assertEquals(List.of("app", "app_ro"), b.databases());
        assertEquals(Path.of("/etc/pgbouncer/handover-databases.ini"), b.targetFile());
        assertEquals(Duration.ofMillis(2500), b.pauseTimeout());
        assertTrue(PgClusterDefinition.load(write("")).bouncers().isEmpty());
    }

    @Test
    void eachBadEntryGivesOneMessageNamingTheField() throws Exception {
        String ok = "\"id\": \"pgb1\", \"user\": \"u\", \"databases\": [\"app\"], \"targetFile\": \"/t.ini\"";
        Map<String, String> cases = Map.of(
                "[{" + ok + "}]", "pgbouncers[0].admin: is missing",
                "[{" + ok + ", \"admin\": \"h\"}]", "pgbouncers[0].admin: must be host:port",
                "[{" + ok.replace("[\"app\"]", "[]") + ", \"admin\": \"h:1\"}]", "pgbouncers[0].databases: must be a non-empty array",
                "[{" + ok.replace("[\"app\"]", "[\"pgbouncer\"]") + ", \"admin\": \"h:1\"}]", "pgbouncers[0].databases[0]",
                "[{" + ok.replace("/t.ini", "t.ini") + ", \"admin\": \"h:1\"}]", "pgbouncers[0].targetFile: must be an absolute path",
                "[{" + ok + ", \"admin\": \"h:1\", \"password\": \"x\"}]", "pgbouncers[0].password: passwords do not belong",
                "[{" + ok + ", \"admin\": \"h:1\", \"pauseTimeoutMs\": 0}]", "pgbouncers[0].pauseTimeoutMs: must be a whole number",
                "[{" + ok.replace("pgb1", "pg1") + ", \"admin\": \"h:1\"}]", "pgbouncers[0].id: duplicate id",
                "{}", "pgbouncers: must be an array");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = write(c.getKey());
            ClusterException e = assertThrows(ClusterException.class, () -> PgClusterDefinition.load(f), c.getKey());
            assertTrue(e.getMessage().startsWith(f + ": " + c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void retargetingKeepsOtherKeywordsAndEntriesAndAddsTheCheckEntry() {
        String before = "[databases]\n; a comment\napp = host=db1 port=5432 dbname=app pool_size=40\nother = host=x port=1\n";
        String after = TargetFile.retarget(before, List.of("app"), "db2", 5433);
        assertTrue(after.contains("\napp = host=db2 port=5433 dbname=app pool_size=40\n"), after);
        assertTrue(after.contains("\nother = host=x port=1\n"), after);
        assertTrue(after.contains("\nhandover_check_app = host=db2 port=5433 dbname=app pool_size=1\n"), after);
        assertEquals("db2:5433", TargetFile.target(after, "app").orElseThrow());
        assertEquals(after, TargetFile.retarget(after, List.of("app"), "db2", 5433), "idempotent");
        assertTrue(TargetFile.retarget("", List.of("app"), "db1", 5432).contains("\napp = host=db1 port=5432 dbname=app\n"));
    }
}
