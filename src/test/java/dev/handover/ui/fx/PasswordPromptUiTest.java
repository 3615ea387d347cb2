package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.journal.Journal;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.appearance.SettingsFile;
import dev.handover.ui.run.LogLine;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open cluster on a real PostgreSQL cluster whose definition reads its password from a variable that is not
 * set (the production shape: scram passwords on every TCP login): the console asks for it in a masked field
 * named by the variable, opens the cluster with it, and writes it nowhere — not the journal, not the settings,
 * not the log.
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
class PasswordPromptUiTest {
    private static LoopbackCluster cluster;
    private OpenedConsole opened;
    private ConsoleWindow window;
    private Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(ClusterShape.production(2));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "password-ui-");
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1.0));
        ConsoleContext context = ConsoleContext.of(sim, Installed.backends()).withJournal(Journal.at(dir.resolve("journal")));
        window = new ConsoleWindow(context, new SettingsFile(dir.resolve("console.properties")));
        window.showOn(stage, 1280, 800);
        opened = OpenedConsole.wrap(sim, context, window);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void anUnsetPasswordVariableIsAskedForAndKeptInMemoryOnly(FxRobot robot) throws Exception {
        assertNull(System.getenv(ClusterShape.PASSWORD_ENV), "the variable must be unset for this test");
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.interact(() -> window.viewModel().drill().connect("pg", cluster.definitionFile()));

        String field = "#password-" + ClusterShape.PASSWORD_ENV;
        console.waitUntil("the password is asked for", () -> robot.lookup(field).tryQuery().isPresent());
        Button open = robot.lookup(".button").match((Button b) -> b.getText().equals("Open cluster")).queryAs(Button.class);
        assertTrue(open.isDisabled(), "nothing typed: Open cluster is disabled");
        robot.clickOn(field).write(ClusterShape.PRODUCTION_PASSWORD);
        assertEquals(ClusterShape.PRODUCTION_PASSWORD, robot.lookup(field).queryAs(PasswordField.class).getText());
        robot.clickOn(open);

        console.waitUntil("the real cluster is open with pg1 primary", () -> console.text("#worldKind").equals("REAL CLUSTER")
                && console.table().getItems().stream().anyMatch(r -> r.primary() && r.id().equals("pg1")));
        console.waitUntil("pg2 answers too", () -> console.table().getItems().stream()
                .anyMatch(r -> r.id().equals("pg2") && !r.role().contains("unknown")));

        for (LogLine l : window.viewModel().run().log()) {
            assertFalse(l.text().contains(ClusterShape.PRODUCTION_PASSWORD), "the log holds no password: " + l);
        }
        assertFalse(window.viewModel().noticeProperty().get().contains(ClusterShape.PRODUCTION_PASSWORD));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(read(f).contains(ClusterShape.PRODUCTION_PASSWORD), f + " holds the password");
            }
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new AssertionError("could not read " + f, e);
        }
    }
}
