package dev.handover.postgres;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForcePrompt;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.postgres.harness.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 5, on a real cluster: PostgreSQL cannot say how many acknowledged writes a WAL range holds,
 * so a force prompt estimates them from the primary's WAL and commit rates read before the freeze — read here
 * from {@code pg_current_wal_lsn()} and {@code pg_stat_database.xact_commit} under a steady acknowledged load.
 */
class PgWriteRateTest {

    @Test
    void theWriteRateIsReadFromTheWalAndTheCommitCountersAndAForcePromptEstimatesFromIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             PgCluster pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)), Optional.empty());
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), Duration.ofMillis(5))) {
            Await.until("the writer is acknowledged", Duration.ofSeconds(30), () -> writer.acks().size() > 50);

            WriteRate rate = pg.writeRate().orElseThrow();

            assertTrue(rate.lsnPerSecond() > 0, "WAL bytes a second: " + rate);
            assertTrue(rate.writesPerSecond().orElseThrow() > 0, "commits a second: " + rate);
            assertTrue(rate.window().compareTo(PgCluster.RATE_WINDOW) >= 0, rate.window().toString());
            assertTrue(rate.source().startsWith("commits from pg_stat_database.xact_commit on pg1"), rate.source());

            ClusterSnapshot s = pg.status();
            NodeStatus primary = s.primary().orElseThrow();
            NodeStatus standby = s.replicas().get(0);
            long skipped = 1_000_000;
            ForcePrompt prompt = new ForcePrompt(new FailoverRequest(primary.node(), standby.node(), primary.role().term(),
                    0, new FailoverMode.Force(Duration.ofSeconds(1))), 2_000_000, 1_000_000, skipped, Duration.ofSeconds(30));
            ForceLoss loss = ForceLoss.assess(pg, prompt, Optional.of(rate), Optional.empty());
            long expected = Math.round(skipped * rate.writesPerSecond().getAsDouble() / rate.lsnPerSecond());
            assertEquals(new ForceLoss.Estimated(expected, rate), loss.writes());
            assertTrue(ForceLossText.writesBasis(loss).startsWith("estimated from the write rate over the last 2"),
                    ForceLossText.writesBasis(loss));
            assertEquals("1.0 MB (1,000,000 bytes)", ForceLossText.size(loss));
        }
    }
}
