package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForcePrompt;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 5 and issue 20, finding 3, on a real cluster: the rate a force prompt estimates from when it
 * cannot count is write transactions a byte of WAL — commit records counted with pg_walinspect (created before
 * the freeze) in two samples, whose spread makes the estimate a range — never xact_commit, which counts reads.
 * Here the prompt is made up (positions no WAL holds), so the count fails and the range stands.
 */
@RealServer
class PgWriteRateTest {

    @Test
    void theWriteRateCountsCommitRecordsAndAnUncountablePromptGetsARangeFromIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             PgCluster pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)), Optional.empty());
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), Duration.ofMillis(5))) {
            Await.until("the writer is acknowledged", Duration.ofSeconds(30), () -> writer.acks().size(), n -> n > 50);

            WriteRate rate = pg.writeRate().orElseThrow();

            assertTrue(rate.lsnPerSecond() > 0, "WAL bytes a second: " + rate);
            assertTrue(rate.writesPerSecond().orElseThrow() > 0, "commits a second: " + rate);
            assertTrue(rate.window().compareTo(PgCluster.RATE_WINDOW) >= 0, rate.window().toString());
            assertTrue(rate.source().startsWith("write transactions a MB of WAL on pg1, commit records counted with "
                    + "pg_walinspect"), rate.source());
            assertTrue(rate.source().contains("pg_walinspect created for the count"), rate.source());
            WriteRate.PerPosition spread = rate.perPosition().orElseThrow(() -> new AssertionError(rate.toString()));

            ClusterSnapshot s = pg.status();
            NodeStatus primary = s.primary().orElseThrow();
            NodeStatus standby = s.replicas().get(0);
            long skipped = 1_000_000;
            ForcePrompt prompt = new ForcePrompt(new FailoverRequest(primary.node(), standby.node(), primary.role().term(),
                    0, new FailoverMode.Force(Duration.ofSeconds(1))), 2_000_000, 1_000_000, skipped, Duration.ofSeconds(30));
            ForceLoss loss = ForceLoss.assess(pg, prompt, Optional.of(rate), Optional.empty());
            assertEquals(new ForceLoss.Estimated(Math.round(skipped * spread.low()), Math.round(skipped * spread.high()),
                    ForceLoss.Unit.TRANSACTIONS, "estimate, basis: " + rate.source()), loss.writes());
            assertEquals("1.0 MB (1,000,000 bytes)", ForceLossText.size(loss));
        }
    }
}
