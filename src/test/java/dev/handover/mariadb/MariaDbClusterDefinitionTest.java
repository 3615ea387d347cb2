package dev.handover.mariadb;

import dev.handover.cluster.ClusterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad definition file gives one message naming the file and the field; a good one reads as written. */
class MariaDbClusterDefinitionTest {
    @TempDir
    Path dir;

    private static final String NODE2 = "{\"id\": \"b\", \"region\": \"r2\", \"jdbcUrl\": \"jdbc:mariadb://db2:3307/\","
            + " \"user\": \"handover\"}";

    @Test
    void aGoodFileReadsAsWritten() throws Exception {
        MariaDbClusterDefinition d = MariaDbClusterDefinition.load(write("{\"passwordEnv\": \"PW\", \"nodes\": ["
                + "{\"id\": \"a\", \"region\": \"r1\", \"jdbcUrl\": \"jdbc:mariadb://db1/\", \"user\": \"handover\"}, "
                + NODE2 + "]}"));
        assertEquals(2, d.nodes().size());
        assertEquals("db1:3306", d.node("a").orElseThrow().addr());
        assertEquals("db2:3307", d.node("b").orElseThrow().addr());
        assertEquals("PW", d.node("b").orElseThrow().passwordEnv().orElseThrow());
    }

    @Test
    void aWrongSchemeIsNamedByField() throws Exception {
        assertMessage("{\"nodes\": [{\"id\": \"a\", \"region\": \"r1\", \"jdbcUrl\": \"jdbc:postgresql://db1/x\","
                + " \"user\": \"u\"}, " + NODE2 + "]}", "nodes[0].jdbcUrl: must start with jdbc:mariadb://");
    }

    @Test
    void aMissingUserIsNamedByField() throws Exception {
        assertMessage("{\"nodes\": [" + NODE2 + ", {\"id\": \"c\", \"region\": \"r\", \"jdbcUrl\": \"jdbc:mariadb://h/\"}]}",
                "nodes[1].user: is missing");
    }

    @Test
    void aPasswordInTheFileIsRefusedWithoutEchoingIt() throws Exception {
        String m = assertMessage("{\"nodes\": [{\"id\": \"a\", \"region\": \"r1\", \"jdbcUrl\": "
                + "\"jdbc:mariadb://db1/?password=s3cret\", \"user\": \"u\"}, " + NODE2 + "]}",
                "nodes[0].jdbcUrl: must not carry a password");
        assertTrue(!m.contains("s3cret"), m);
    }

    @Test
    void duplicateIdsUnknownFieldsAndTooFewNodesAreNamed() throws Exception {
        assertMessage("{\"nodes\": [" + NODE2 + ", " + NODE2 + "]}", "nodes[1].id: duplicate node id \"b\"");
        assertMessage("{\"nodes\": [" + NODE2 + "], \"extra\": 1}", "extra: unknown field");
        assertMessage("{\"nodes\": [" + NODE2 + "]}", "nodes: needs at least two nodes");
        assertMessage("{\"nodes\": [", "not valid JSON");
    }

    private String assertMessage(String json, String expected) throws Exception {
        Path f = write(json);
        ClusterException e = assertThrows(ClusterException.class, () -> MariaDbClusterDefinition.load(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e.getMessage();
    }

    private Path write(String json) throws Exception {
        Path f = Files.createTempFile(dir, "cluster", ".json");
        Files.writeString(f, json);
        return f;
    }
}
