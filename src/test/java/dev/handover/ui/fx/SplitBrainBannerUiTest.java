package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import javafx.scene.control.Label;
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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console on a real PostgreSQL cluster where a standby was promoted by hand while the primary runs: a red banner
 * above the cluster table names both writable nodes (before, two "primary … healthy" rows and nothing else).
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
class SplitBrainBannerUiTest {
    private static LoopbackCluster cluster;

    private ConsoleContext context;
    private ConsoleWindow window;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
        cluster.shell().run(cluster.bin().resolve("pg_ctl").toString(), "promote", "-w", "-D",
                cluster.node("pg3").dataDir().toString());
        for (String id : List.of("pg1", "pg3")) {
            try (Connection c = cluster.connect(id); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                assertEquals(false, rs.getBoolean(1), id + " takes writes (checked with the test's own connection)");
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=pg:" + cluster.definitionFile()), Installed.backends());
        context = ConsoleContext.of(options.openCluster(), Installed.backends());
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
    void twoWritablePrimariesRaiseARedBannerNamingBoth(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitUntil("the split-brain banner shows; it says: " + console.text("#splitBrainBanner"),
                () -> console.showing("#splitBrainBanner") && !console.text("#splitBrainBanner").isEmpty());
        String text = console.text("#splitBrainBanner");
        assertTrue(text.startsWith("SPLIT BRAIN: pg1 and pg3 all take writes"), text);
        Label banner = robot.lookup("#splitBrainBanner").queryAs(Label.class);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> banner.getStyleClass().contains("split-brain-banner")).get(),
                "styled by the stylesheet's red banner class, not inline");
    }
}
