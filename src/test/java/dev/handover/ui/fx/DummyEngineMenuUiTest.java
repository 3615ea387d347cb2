package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.dummy.DummyBackend;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's Open menu is the registry's: a test-only engine registered beside the installed ones gets its own
 * entry, after PostgreSQL's and MariaDB's, with nothing in the console written for it.
 */
@ExtendWith(ApplicationExtension.class)
class DummyEngineMenuUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock());
        ConsoleContext context = ConsoleContext.of(sim, DummyBackend.besides(Installed.backends()));
        ConsoleWindow window = new ConsoleWindow(context);
        window.showOn(stage);
        opened = OpenedConsole.wrap(sim, context, window);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theOpenMenuOffersTheRegisteredEngine(FxRobot robot) {
        new ConsoleRobot(robot).waitForCluster();
        MenuButton open = robot.lookup("#openCluster").queryAs(MenuButton.class);
        assertEquals(List.of("PostgreSQL cluster…", "MariaDB cluster…", DummyBackend.ENGINE + " cluster…"),
                open.getItems().stream().map(MenuItem::getText).toList());
        assertEquals(List.of("open-pg", "open-mariadb", "open-" + DummyBackend.SCHEME),
                open.getItems().stream().map(MenuItem::getId).toList());
    }
}
