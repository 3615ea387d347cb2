package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.cli.HaltingRun;
import dev.handover.testing.Await;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import dev.handover.mariadb.harness.MariaDbLoopback.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover run} on MariaDB killed inside its commit (in a JVM of its own, halting as kill -9 would),
 * then finished from the command line as an operator would: {@code recover} names the run and the command,
 * and {@code --repair} brings the cluster back from what the nodes show — checked on the servers.
 */
@RealServer
class MariaDbKillCliTest {

    @TempDir
    Path journal;

    @Test
    void killedAfterFencingTheOldPrimaryIsRepairedBackToItByRecover() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            runAndDie(spec, "mariadb-after-fence");
            assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb1")), "the dead run left mdb1 read_only");

            // The journal holds the commit's intent, so only the nodes can say how far it got: mdb2 was never
            // promoted, so the repair makes mdb1 writable again rather than finishing a handover that did not happen.
            String id = pending("--repair");
            CliRun repaired = CliRun.of(journal, "recover", "--journal", journal.toString(), "--repair", id, "--yes");
            assertEquals(0, repaired.code(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("mdb1 (term 0, no replication source) made writable"), repaired.out());
            assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")));
            assertTrue(ClusterCheck.streamingFrom(mdb, mdb.node("mdb2"), mdb.node("mdb1")), "nothing was handed over");
            assertEquals(0, CliRun.of(journal, "recover", "--journal", journal.toString()).code());
        }
    }

    @Test
    void killedAfterPromotingTheTargetIsRepairedByRecover() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            runAndDie(spec, "mariadb-after-promotion");
            Node target = mdb.node("mdb2");
            assertTrue(ClusterCheck.writable(mdb, target), "the dead run had promoted mdb2");

            String id = pending("--repair");
            CliRun repaired = CliRun.of(journal, "recover", "--journal", journal.toString(), "--repair", id, "--yes");
            assertEquals(0, repaired.code(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("mdb1 re-pointed at mdb2"), repaired.out());
            for (String other : new String[] {"mdb1", "mdb3"}) {
                Node n = mdb.node(other);
                Await.until(other + " streaming from mdb2", Duration.ofSeconds(30), () -> ClusterCheck.replication(mdb, n), r -> r.streamingFrom(target.port()));
                assertFalse(ClusterCheck.writable(mdb, n), other);
            }
            assertEquals(0, CliRun.of(journal, "recover", "--journal", journal.toString()).code());
        }
    }

    /** The run {@code recover} lists, with the command it names to finish it. */
    private String pending(String command) {
        CliRun listed = CliRun.of(journal, "recover", "--journal", journal.toString());
        assertEquals(4, listed.code(), listed.out());
        Matcher id = Pattern.compile(command + " (\\S+)").matcher(listed.out());
        assertTrue(id.find(), "recover names the command that finishes it: " + listed.out());
        return id.group(1);
    }

    private void runAndDie(String spec, String faultPoint) throws Exception {
        HaltingRun.until(faultPoint, "run", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated",
                "--deadline", "10s", "--journal", journal.toString());
    }
}
