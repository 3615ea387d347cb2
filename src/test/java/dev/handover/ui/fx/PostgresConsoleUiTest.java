package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.postgres.PgAfterRun;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgConnector;
import dev.handover.postgres.PgNodeStatus;
import dev.handover.postgres.PgTransport;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console on a real, throwaway PostgreSQL cluster (three nodes on loopback, the harness of the
 * postgres tests; one cluster for the whole class): connect, a coordinated switchover clicked through
 * with its verification, start-up recovery releasing a freeze a dead console left behind, and — last,
 * because it leaves the old primary fenced — a switchover whose old primary has no local control.
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresConsoleUiTest {
    private static LoopbackCluster cluster;
    private static PgCluster pg;
    private static long nextId = 1_000_000;

    private Stage stage;
    private ConsoleContext context;
    private ConsoleWindow window;
    private Journal journal;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
        pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stopCluster() {
        if (pg != null) {
            pg.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-console-");
        journal = Journal.at(dir);
        context = ConsoleContext.of(SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock()), Installed.backends())
                .withJournal(journal);
        window = new ConsoleWindow(context);
        window.showOn(stage);
    }

    /** Close the console and start it again on {@code next}, as a fresh process would (start-up recovery runs). */
    private void restartOn(FxRobot robot, ConsoleContext next) {
        robot.interact(() -> {
            close();
            context = next;
            window = new ConsoleWindow(context);
            window.showOn(stage);
        });
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        context.connection().close();
    }

    @Test
    @Order(1)
    void connectedToPostgresACoordinatedSwitchoverIsZeroRpoAndVerified(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.interact(() -> window.viewModel().drill().connect("pg", cluster.definitionFile()));

        console.waitUntil("the table shows the three PostgreSQL nodes, pg1 primary on timeline 1",
                () -> console.table().getItems().size() == 3 && console.table().getItems().stream()
                        .anyMatch(r -> r.primary() && r.id().equals("pg1") && r.term() == 1));
        assertEquals("pg:" + cluster.definitionFile(), robot.lookup("#clusterName").queryAs(Label.class).getText());
        console.waitUntil("the band says real cluster", () -> console.text("#worldKind").equals("REAL CLUSTER"));
        assertFalse(robot.lookup("#simulationControls").query().isVisible(), "no scenario or clock on a real cluster");
        assertTrue(robot.lookup("#backToSimulation").query().isVisible(), "one plain way back to a simulation");
        String primary = primaryNow();
        String target = primary.equals("pg1") ? "pg2" : "pg1";
        long rowsBefore = insertOn(primary);

        console.pickTarget(target);
        console.start();

        console.waitForOutcome("Zero-RPO handover: " + target + " is primary");
        assertEquals("Term 1 → 2", console.text("#outcomeTerm"));
        console.waitUntil("the verification is shown", () -> console.text("#outcomeCheck").startsWith("Verified"));
        List<String> afterRun = afterRunLines(robot);
        assertTrue(afterRun.contains("Commit steps:"), afterRun.toString());
        assertTrue(afterRun.stream().anyMatch(l -> l.matches("\\s+\\+\\d+\\.\\d{3}s promoted " + target + ".*")), afterRun.toString());
        assertTrue(afterRun.contains("Verification: all checks hold"), afterRun.toString());
        assertTrue(afterRun.stream().noneMatch(l -> l.startsWith("REMAINING")), afterRun.toString());
        String other = primary.equals("pg1") ? "pg3" : "pg1";
        assertTrue(console.text("#outcomeRoles").matches(target + " primary · (" + primary + "|" + other + ") replica of " + target
                + " · (" + primary + "|" + other + ") replica of " + target + " \\(as seen\\)"), console.text("#outcomeRoles"));
        console.waitForPrimaryRow(target, 2);
        console.waitUntil("the old primary and the sibling stream from " + target, () -> console.table().getItems().stream()
                .filter(r -> !r.primary()).allMatch(r -> r.role().equals("replica of " + target) && r.term() == 2));
        insertOn(target);
        assertEquals(rowsBefore + 1, count(target), "every row the old primary acknowledged is on the new one, and it writes");

        robot.interact(() -> window.viewModel().drill().pick("healthy"));
        console.waitUntil("the picker switched back to the simulation", () -> console.table().getItems().stream()
                .anyMatch(r -> r.primary() && r.id().equals("n1")));
    }

    @Test
    @Order(2)
    void recoveryReleasesTheFreezeADeadConsoleLeftOnThePrimary(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String abandoned = abandonARunWithThePrimaryFrozen(journal);
        // The console option, as `mvn javafx:run -Djavafx.args="--cluster=pg:cluster.json"` passes it.
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=pg:" + cluster.definitionFile()), Installed.backends());
        restartOn(robot, ConsoleContext.of(options.openCluster(), Installed.backends()).withJournal(journal));
        String primary = primaryNow();
        assertThrows(SQLException.class, () -> insertOn(primary), "the abandoned run left " + primary + " frozen");
        console.waitUntil("the recovery prompt offers to release the freeze",
                () -> robot.lookup("#release-" + abandoned).tryQuery().isPresent());
        console.waitUntil("the table shows the frozen primary", () -> console.table().getItems().stream()
                .anyMatch(r -> r.primary() && r.health().contains("WRITES FROZEN")));

        console.showRecoveryRuns();
        robot.clickOn("#release-" + abandoned);

        console.waitUntil("the released run is acknowledged and the prompt is gone", () -> !console.showing("#recoveryPanel"));
        assertTrue(journal.find(abandoned).acknowledged().isPresent());
        assertTrue(journal.pendingRecoveries().isEmpty());
        insertOn(primary);
        assertTrue(window.viewModel().run().log().stream().anyMatch(l -> l.text().contains("writes resumed on " + primary)),
                window.viewModel().run().log().toString());
    }

    @Test
    @Order(3)
    void withoutLocalControlTheOldPrimaryStaysFencedAndTheOutcomeIsCommittedTopologyDegradedInRed(FxRobot robot)
            throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String primary = primaryNow();
        String target = pg.pgStatus().stream().filter(n -> !n.isPrimary()).findFirst().orElseThrow().node().id();
        Path remote = withoutLocalControl(primary);
        console.waitForCluster();
        robot.interact(() -> window.viewModel().drill().connect("pg", remote));
        console.waitUntil("the table shows " + primary + " primary", () -> console.table().getItems().size() == 3
                && console.table().getItems().stream().anyMatch(r -> r.primary() && r.id().equals(primary)));

        console.pickTarget(target);
        console.start();

        console.waitForVerifiedOutcome("COMMITTED, TOPOLOGY DEGRADED: ", PgAfterRun.VERIFY_WAIT);
        // The old primary, left running, is named; a sibling may be named too — when the still-running old primary
        // wrote WAL (a standby snapshot) that reached the sibling but not the target, it cannot follow. Whatever the
        // outcome names must be what the cluster shows.
        String headline = console.text("#outcomeHeadline");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("DEGRADED: (.+) (?:is|are) not streaming from "
                + target + "$").matcher(headline);
        assertTrue(named.find(), headline);
        List<String> notStreaming = List.of(named.group(1).split(", "));
        assertTrue(notStreaming.contains(primary), headline);
        for (String sibling : notStreaming) {
            if (!sibling.equals(primary)) {
                PgNodeStatus seen = pg.pgStatus().stream().filter(n -> n.node().id().equals(sibling)).findFirst().orElseThrow();
                assertFalse(seen.streaming() && seen.upstream().map(u -> u.equals(pg.definition().node(target).orElseThrow().addr()))
                        .orElse(false), sibling + " is named not streaming, and the cluster agrees: " + seen);
            }
        }
        assertTrue(console.text("#outcomeCheck").startsWith("REMAINING STEPS BY HAND ("), console.text("#outcomeCheck"));
        VBox steps = robot.lookup("#outcomeRemaining").queryAs(VBox.class);
        List<String> remaining = WaitForAsyncUtils.asyncFx(() -> steps.getChildren().stream().map(n -> ((Label) n).getText())
                .toList()).get();
        assertTrue(remaining.size() >= 2 && remaining.get(0).startsWith("1. ") && remaining.get(0).contains("pg_ctl stop"),
                remaining.toString());
        assertTrue(console.text("#outcomeRoles").contains(primary + " NOT STREAMING from " + target + " (primary on term "),
                console.text("#outcomeRoles"));
        assertTrue(robot.lookup("#outcome").query().getStyleClass().contains("outcome-bad"), "the outcome panel is red");
        List<String> afterRun = afterRunLines(robot);
        assertTrue(afterRun.stream().anyMatch(l -> l.contains(primary + " has no local control: it stays running and frozen")),
                afterRun.toString());
        assertTrue(afterRun.stream().anyMatch(l -> l.startsWith("  FAILED  " + primary + " streams from " + target)),
                afterRun.toString());
        assertTrue(robot.lookup("#outcome").query().getPseudoClassStates().contains(PseudoClass.getPseudoClass("loud")),
                "the outcome panel is loud");
        assertThrows(SQLException.class, () -> insertOn(primary), primary + " stays fenced");
        JournaledRun run = journal.load().runs().get(journal.load().runs().size() - 1);
        assertTrue(run.degraded(), "the journal says degraded: " + run.report().outcome());
        assertEquals(RecoveryAction.CHECK_TOPOLOGY, journal.recoveryFor(run).orElseThrow().action());
        insertOn(target);
    }

    /** The cluster's definition with {@code id}'s local control taken away, as for a node on another host. */
    private static Path withoutLocalControl(String id) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode definition = (ObjectNode) json.readTree(cluster.definitionFile().toFile());
        definition.get("nodes").forEach(n -> {
            if (n.get("id").asText().equals(id)) {
                ((ObjectNode) n).remove("local");
            }
        });
        Path file = Files.createTempFile(Path.of("target").toAbsolutePath(), "pg-remote-", ".json");
        json.writeValue(file.toFile(), definition);
        return file;
    }

    /** Freeze the primary through the transport as a run would, record the run as started and frozen, then walk away. */
    private static String abandonARunWithThePrimaryFrozen(Journal journal) throws Exception {
        List<PgNodeStatus> nodes = pg.pgStatus();
        PgNodeStatus p = nodes.stream().filter(PgNodeStatus::isPrimary).findFirst().orElseThrow();
        PgNodeStatus t = nodes.stream().filter(n -> !n.isPrimary()).findFirst().orElseThrow();
        RunReport.RequestInfo request = new RunReport.RequestInfo(p.node().id(), p.node().addr(), p.node().region(),
                t.node().id(), t.node().addr(), t.node().region(), p.timeline(), p.timeline() + 1, "coordinated", 30_000, 10,
                t.flushedLsn(), "prompt", null);
        JournalRun run = journal.start(Who.now(pg.name(), Instant.now()), request, List.of());
        // No freeze keeper: as if the console died with it (a machine crash), so nothing lifts the freeze.
        try (PgCluster keeperless = new PgCluster(pg.definition(), new PgConnector(Duration.ofSeconds(3)), Optional.empty());
             PgTransport tx = keeperless.uncheckedTransport(t.node().id(), Duration.ofMillis(10))) {
            run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), tx.freezePrimary()));
        }
        return run.id();
    }

    private static String primaryNow() {
        return pg.pgStatus().stream().filter(PgNodeStatus::isPrimary).findFirst().orElseThrow().node().id();
    }

    private static List<String> afterRunLines(FxRobot robot) throws Exception {
        VBox lines = robot.lookup("#outcomeAfterRun").queryAs(VBox.class);
        return WaitForAsyncUtils.asyncFx(() -> lines.getChildren().stream().map(n -> ((Label) n).getText()).toList()).get();
    }

    private static long insertOn(String id) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " (id) VALUES (" + (nextId++) + ")");
            return count(c);
        }
    }

    private static long count(String id) throws SQLException {
        try (Connection c = cluster.connect(id)) {
            return count(c);
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + LoopbackCluster.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
