package dev.handover.postgres.bouncer;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClientRouter;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A status read names each PgBouncer beside the nodes (the console's line under the table, {@code status}'s
 * "Clients routed by"), as the real bouncer says it routes: taking clients, paused by hand, then unreadable.
 */
@RealServer
class BouncerStatusTest {

    @Test
    void statusShowsWhereTheBouncerRoutesAndWhetherItHoldsItsClients() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            ClientRouter taking = only(pg.status());
            assertEquals("PgBouncer", taking.kind());
            assertEquals("pgb1", taking.id());
            ClientRouter.Route route = taking.routes().get(0);
            assertEquals(LoopbackBouncer.DATABASE, route.database());
            assertEquals(Optional.of("pg1"), route.node());
            assertFalse(route.held());
            assertTrue(taking.text().endsWith("-> pg1 (127.0.0.1:" + cluster.node("pg1").port() + "), taking clients"),
                    taking.text());

            try (Connection admin = b.admin(); Statement st = admin.createStatement()) {
                st.execute("PAUSE " + LoopbackBouncer.DATABASE);
                ClientRouter paused = only(pg.status());
                assertTrue(paused.anyHeld(), paused.text());
                assertTrue(paused.text().contains("PAUSED: its clients wait"), paused.text());
                st.execute("RESUME " + LoopbackBouncer.DATABASE);
            }
            assertFalse(only(pg.status()).anyHeld());

            b.close(); // the bouncer gone: named as unreadable, never dropped from the status
            ClientRouter gone = only(pg.status());
            assertTrue(gone.error().isPresent(), gone.text());
            assertTrue(gone.text().startsWith("PgBouncer pgb1 (127.0.0.1:" + b.port() + "): cannot be read: "), gone.text());
        }
    }

    private static ClientRouter only(ClusterSnapshot s) {
        assertEquals(1, s.routers().size(), s.routers().toString());
        return s.routers().get(0);
    }
}
