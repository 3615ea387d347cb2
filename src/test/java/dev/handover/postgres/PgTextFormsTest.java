package dev.handover.postgres;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LSNs, conninfo strings and timeline history files: PostgreSQL's text forms. */
class PgTextFormsTest {

    @Test
    void lsnRoundTripsBetweenTextAndBytes() {
        assertEquals(0x3000060L, Lsn.parse("0/3000060"));
        assertEquals((0x1AL << 32) | 0xFF, Lsn.parse("1A/FF"));
        assertEquals("1A/FF", Lsn.format((0x1AL << 32) | 0xFF));
        assertEquals("0/0", Lsn.format(0));
        assertThrows(IllegalArgumentException.class, () -> Lsn.parse("3000060"));
    }

    @Test
    void conninfoIsReAimedKeepingEverythingElse() {
        Conninfo c = Conninfo.parse("user=replicator passfile='/var/lib/postgresql/.pgpass' channel_binding=prefer "
                + "host=10.0.0.1 port=5432 sslmode=prefer application_name='it\\'s'");
        assertEquals("it's", Conninfo.parse("application_name='it\\'s'").get("application_name"));
        Conninfo moved = c.with("host", "10.0.0.2").with("port", "5433");
        assertEquals("10.0.0.2", moved.get("host"));
        assertEquals("replicator", moved.get("user"));
        assertEquals("/var/lib/postgresql/.pgpass", Conninfo.parse(moved.format()).get("passfile"));
        assertEquals(moved.format(), Conninfo.parse(moved.format()).format());
    }

    @Test
    void conninfoNeverShowsItsPassword() {
        Conninfo c = Conninfo.parse("host=a password=hunter2 user=u");
        assertFalse(c.toString().contains("hunter2"));
        assertFalse(c.redacted().contains("hunter2"));
        assertTrue(c.format().contains("hunter2"), "the server still gets it");
    }

    @Test
    void aConninfoToCopyNamesThePasswordsVariableNeverTheSecretNorStars() {
        Conninfo c = Conninfo.parse("host=a port=5432 user=replicator password=hunter2 application_name=pg2");
        assertEquals("host=a port=5432 user=replicator password=${HANDOVER_PGPASSWORD} application_name=pg2",
                c.toCopy("HANDOVER_PGPASSWORD"));
        assertEquals("host=a password=${PGPASSWORD}", Conninfo.parse("host=a password=x").toCopy("not a name"),
                "no variable by that name can exist: libpq's own");
        assertEquals("host=a user=u", Conninfo.parse("host=a user=u").toCopy("HANDOVER_PGPASSWORD"),
                "no password: none is added (libpq reads PGPASSWORD or ~/.pgpass)");

        PgNodeDefinition withEnv = new PgNodeDefinition("pg1", "r", "jdbc:postgresql://a:5432/postgres", "a", 5432, "postgres",
                "postgres", java.util.Optional.of("HANDOVER_PGPASSWORD"), java.util.Optional.empty());
        PgNodeDefinition without = new PgNodeDefinition("pg1", "r", "jdbc:postgresql://a:5432/postgres", "a", 5432, "postgres",
                "postgres", java.util.Optional.empty(), java.util.Optional.empty());
        Conninfo quoted = Conninfo.parse("host=a application_name='it\\'s' password=hunter2");
        assertEquals("host=a application_name=''it\\''s'' password=${HANDOVER_PGPASSWORD}", PgFollow.copied(quoted, withEnv),
                "quoted for the SQL literal the step puts it in");
        assertEquals("host=a application_name=''it\\''s'' password=${PGPASSWORD}", PgFollow.copied(quoted, without));
        assertFalse(PgFollow.copied(quoted, withEnv).contains("hunter2") || PgFollow.copied(quoted, withEnv).contains("***"));
    }

    @Test
    void timelineHistoryGivesTheForkPoint() {
        String history = "1\t0/3000108\tno recovery target specified\n\n2\t0/5000000\tno recovery target specified\n";
        assertEquals(0x3000108L, TimelineHistory.switchPoint(history, 1).orElseThrow());
        assertEquals(0x5000000L, TimelineHistory.switchPoint(history, 2).orElseThrow());
        assertTrue(TimelineHistory.switchPoint(history, 3).isEmpty());
        assertEquals("0000000A.history", TimelineHistory.fileName(10));
    }
}
