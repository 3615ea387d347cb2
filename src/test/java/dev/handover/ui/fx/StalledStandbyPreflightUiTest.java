package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's preflight on a real PostgreSQL cluster whose target standby has its walreceiver stopped
 * ({@code kill -STOP}): it still calls itself "streaming", and the preflight used to pass it ("Target healthy:
 * PASS"). Now its row reads "receiver stalled" and the target line fails.
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
class StalledStandbyPreflightUiTest {
    private static LoopbackCluster cluster;
    private static long receiverPid;

    private ConsoleContext context;
    private ConsoleWindow window;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
        try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement()) {
            // The stall limit derives from it: 4 s / 2 + 2 × the 1 s status interval = 4 s.
            st.execute("ALTER SYSTEM SET wal_receiver_timeout = '4s'");
            st.execute("SELECT pg_reload_conf()");
            try (ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_wal_receiver")) {
                assertTrue(rs.next(), "pg2 has a walreceiver");
                receiverPid = rs.getLong(1);
            }
        }
        signal("STOP", receiverPid);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (receiverPid > 0) {
                signal("CONT", receiverPid);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        context = ConsoleContext.of(ConsoleOptions.parse(List.of("--cluster=pg:" + cluster.definitionFile()), Installed.backends()).openCluster(), Installed.backends());
        window = new ConsoleWindow(context);
        window.showOn(stage);
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        context.connection().close();
    }

    @Test
    void aStoppedWalreceiverFailsTheConsolesPreflight(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("pg2's row says receiver stalled", () -> console.table().getItems().stream()
                .anyMatch(r -> r.id().equals("pg2") && r.health().contains("receiver stalled")));
        console.pickTarget("pg2");
        console.waitUntil("the preflight names pg2's stalled receiver", () -> preflight(robot).stream()
                .anyMatch(t -> t.startsWith("pg2 is receiver stalled")));
        List<String> lines = preflight(robot);
        assertFalse(lines.stream().anyMatch(t -> t.contains("pg2 is healthy and replicating")), lines.toString());
        assertTrue(lines.stream().anyMatch(t -> t.contains("a coordinated run to pg2 would likely fail: its receiver is stalled")),
                lines.toString());
    }

    private static List<String> preflight(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#preflight").query().lookupAll(".label").stream()
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).toList()).get();
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + sig + " " + pid + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
