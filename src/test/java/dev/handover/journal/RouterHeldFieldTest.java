package dev.handover.journal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How long the client router held its clients is the router's own field, {@code routerHeldMs}, in the generic
 * record; journals written before, under PgBouncer's word {@code bouncerPausedMs}, still read.
 */
class RouterHeldFieldTest {

    @Test
    void theRecordWritesTheRoutersOwnName() throws Exception {
        VerificationInfo v = new VerificationInfo(List.of(), List.of(), List.of(), 260L, 290L,
                "PgBouncer maxwait", "count them at the clients");
        String json = Json.MAPPER.writeValueAsString(v);
        assertTrue(json.replaceAll("\\s", "").contains("\"routerHeldMs\":290"), json); // the mapper may indent
        assertFalse(json.contains("bouncer"), json);
        assertEquals(v, Json.MAPPER.readValue(json, VerificationInfo.class));
    }

    @Test
    void anOldJournalsBouncerPausedMsStillReads() throws Exception {
        String old = "{\"steps\":[],\"remaining\":[],\"checks\":[],\"clientStallMs\":260,\"bouncerPausedMs\":290,"
                + "\"clientStallFrom\":\"PgBouncer maxwait\"}";
        VerificationInfo v = Json.MAPPER.readValue(old, VerificationInfo.class);
        assertEquals(290L, v.routerHeldMs());
        assertEquals(Duration.ofMillis(290), v.clientStall().orElseThrow().held());
        assertEquals("client stall 260ms (PgBouncer maxwait), pools paused 290ms", v.clientStall().orElseThrow().text());
    }
}
