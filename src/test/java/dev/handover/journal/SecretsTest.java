package dev.handover.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SecretsTest {
    @Test
    void passwordsInUrlsAndKeyValuesAreMasked() {
        assertEquals("pg:postgres://dba:***@db:5432/app", Secrets.redact("pg:postgres://dba:hunter2@db:5432/app"));
        assertEquals("host=db user=dba password=*** sslmode=require",
                Secrets.redact("host=db user=dba password=hunter2 sslmode=require"));
        assertEquals("jdbc:postgresql://db/app?user=dba&password=***&ssl=true",
                Secrets.redact("jdbc:postgresql://db/app?user=dba&password=hunter2&ssl=true"));
        assertEquals("Token: *** and api_key=***", Secrets.redact("Token: abc.def and api_key=\"k 1\""));
        assertEquals("n1 (10.0.1.1:5432) resumed", Secrets.redact("n1 (10.0.1.1:5432) resumed"));
        assertEquals("sim:healthy", Secrets.redact("sim:healthy"));
        assertNull(Secrets.redact(null));
    }

    @Test
    void aPasswordGivenAsItsVariableIsKeptForTheStepToWorkWhenPasted() {
        String step = "set primary_conninfo = 'host=n2 user=replicator password=${HANDOVER_PGPASSWORD} application_name=n1'";
        assertEquals(step, Secrets.redact(step));
        assertEquals("password=${PGPASSWORD}", Secrets.redact("password=${PGPASSWORD}"));
        // Anything else in that place is a secret: a password that starts with '$' or only looks like a variable.
        assertEquals("password=*** x", Secrets.redact("password=$ecret x"));
        assertEquals("password=***", Secrets.redact("password=${A}b"));
    }
}
