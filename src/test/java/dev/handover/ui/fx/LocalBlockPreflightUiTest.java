package dev.handover.ui.fx;

import dev.handover.testing.RealServer;
import dev.handover.app.Installed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21, on a real PostgreSQL cluster: the console's preflight checks every node's reachability and its
 * {@code local} block, as {@code plan} and {@code run} do. A wrong pgCtl is a failing line naming the field and
 * Start stays disabled; a standby stopped after the target was picked is found at the next status (before, the
 * probe of the pick stood and the preflight passed with a stopped standby).
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalBlockPreflightUiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopbackCluster cluster;
    private static Path wrongPgCtl;

    private ConsoleContext context;
    private ConsoleWindow window;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
        ObjectNode root = (ObjectNode) JSON.readTree(cluster.definitionFile().toFile());
        for (var n : root.withArray("nodes")) {
            if (n.get("id").asText().equals("pg2")) {
                ((ObjectNode) n.get("local")).put("pgCtl", "/bin/true");
            }
        }
        wrongPgCtl = Files.createTempFile(Path.of("target").toAbsolutePath(), "wrong-pgctl-", ".json");
        Files.writeString(wrongPgCtl, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (wrongPgCtl != null) {
            Files.deleteIfExists(wrongPgCtl);
        }
    }

    @Start
    void start(Stage stage) {
        // Each test opens its own console below, on the definition it needs; the stage is kept for it.
        this.stage = stage;
    }

    private Stage stage;

    private void open(FxRobot robot, Path definition) throws Exception {
        ConsoleContext opened = ConsoleContext.of(ConsoleOptions.parse(List.of("--cluster=pg:" + definition), Installed.backends()).openCluster(), Installed.backends());
        robot.interact(() -> {
            context = opened;
            window = new ConsoleWindow(context);
            window.showOn(stage);
        });
    }

    @AfterEach
    void close(FxRobot robot) {
        if (window != null) {
            robot.interact(() -> window.close());
            context.executor().close();
            context.connection().close();
        }
    }

    @Test
    @Order(1)
    void aWrongPgCtlFailsThePreflightNamingTheFieldAndStartStaysDisabled(FxRobot robot) throws Exception {
        open(robot, wrongPgCtl);
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("pg3");
        console.waitUntil("the preflight names pg2's pgCtl: " + preflight(robot), () -> preflight(robot).stream()
                .anyMatch(t -> t.startsWith("pg2 local.pgCtl /bin/true is not a working pg_ctl")));
        console.waitUntil("Start says why it is disabled: " + console.text("#blockedReason"),
                () -> console.text("#blockedReason").startsWith("Probe failed: Local control: pg2 local.pgCtl /bin/true"));
        assertTrue(console.button("#start").isDisabled(), "Start is disabled");
    }

    @Test
    @Order(2)
    void aStandbyStoppedAfterThePickFailsThePreflight(FxRobot robot) throws Exception {
        open(robot, cluster.definitionFile());
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("pg3");
        console.waitUntil("every node answers and the local blocks hold: " + preflight(robot), () -> preflight(robot).stream()
                .anyMatch(t -> t.startsWith("osUser, pgCtl, dataDir and port hold for pg1, pg2, pg3")));
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());

        cluster.shell().run(cluster.bin().resolve("pg_ctl").toString(), "stop", "-D", cluster.node("pg2").dataDir().toString(),
                "-m", "fast", "-w");
        console.waitUntil("the preflight says pg2 does not answer: " + preflight(robot), () -> preflight(robot).stream()
                .anyMatch(t -> t.startsWith("pg2 does not answer on jdbcUrl 127.0.0.1:" + cluster.node("pg2").port())));
        console.waitUntil("Start is disabled: " + console.text("#blockedReason"), () -> console.button("#start").isDisabled()
                && console.text("#blockedReason").startsWith("Probe failed: Node answers: pg2 does not answer"));
    }

    private static List<String> preflight(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#preflight").query().lookupAll(".label").stream()
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).toList()).get();
    }
}
