package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.journal.Journal;
import dev.handover.journal.RecoveryAction;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.run.LogLine;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A committed handover whose backend reads the topology back and finds it degraded: the outcome panel
 * is red and loud, says committed, topology degraded, names the node not streaming, and lists the exact
 * remaining steps in red; the log carries them, and the run is listed for recovery at once. The commit is
 * the simulator's (virtual time); the verification is scripted, as a backend hands it over. The same on a
 * real PostgreSQL cluster is {@code PostgresConsoleUiTest}.
 */
@ExtendWith(ApplicationExtension.class)
class DegradedOutcomeUiTest {
    private static final PseudoClass LOUD = PseudoClass.getPseudoClass("loud");
    static final List<String> STEPS = List.of("on db1: stop n1 (it is frozen, not writable): pg_ctl stop -D /var/lib/pg -m fast",
            // As PgFollow words it: the replication password as the variable it lives in, so the pasted step works.
            "on db1: touch /var/lib/pg/standby.signal, and in postgresql.auto.conf remove default_transaction_read_only and "
                    + "set primary_conninfo = 'host=10.0.1.2 port=5432 user=replicator password=${HANDOVER_PGPASSWORD} "
                    + "application_name=n1'");

    private SimCluster sim;
    private ConsoleContext context;
    private ConsoleWindow window;
    private Journal journal;

    /** The simulator, plus a verification that finds the old primary fenced with two steps left by hand. */
    record FencingBackend(SimCluster sim) implements ClusterConnection {
        @Override
        public String name() {
            return "pg:/etc/handover/cluster.json";
        }

        @Override
        public ClusterSnapshot status() throws ClusterException {
            return sim.status();
        }

        @Override
        public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
            return sim.transportFor(request, pollInterval);
        }

        @Override
        public Optional<AfterRunVerifier> afterRunVerifier() {
            return Optional.of((tx, term) -> new AfterRun(
                    List.of(new AfterRun.Step(Optional.of(Duration.ofMillis(7)), "n1 has no local control: it stays "
                            + "running and frozen (read-only)"), new AfterRun.Step(Optional.of(Duration.ofMillis(61)),
                            "promoted n2; it writes on timeline " + term)),
                    STEPS,
                    List.of(new TopologyCheck("n2 is primary and writable on timeline " + term, true, "timeline " + term,
                                    TopologyCheck.Severity.DEGRADING),
                            new TopologyCheck("n1 streams from n2 on timeline " + term, false, "not in recovery: it is a primary",
                                    TopologyCheck.Severity.DEGRADING)),
                    List.of(new ObservedRole("n1", ObservedRole.Kind.PRIMARY, term - 1, Optional.empty(), "writes frozen"),
                            new ObservedRole("n2", ObservedRole.Kind.PRIMARY, term, Optional.empty(), "takes writes"),
                            new ObservedRole("n3", ObservedRole.Kind.REPLICA, term, Optional.of("10.0.1.2:5432"),
                                    "streaming from n2"))));
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        journal = Journal.at(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "degraded-ui-"));
        context = ConsoleContext.of(new FencingBackend(sim), Installed.backends()).withJournal(journal);
        window = new ConsoleWindow(context);
        window.showOn(stage);
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        sim.close();
    }

    @Test
    void aCommittedRunWithADegradedTopologyIsRedWithItsRemainingSteps(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n2");
        console.start();

        console.waitForOutcome("COMMITTED, TOPOLOGY DEGRADED: n1 is not streaming from n2");
        Node panel = robot.lookup("#outcome").query();
        assertTrue(panel.getStyleClass().contains("outcome-bad"), "red: " + panel.getStyleClass());
        assertTrue(panel.getPseudoClassStates().contains(LOUD), "loud frame");
        assertTrue(console.text("#outcomeDetail").contains("no acknowledged write was lost")
                && console.text("#outcomeDetail").contains("take the 2 remaining step(s) below"), console.text("#outcomeDetail"));
        assertTrue(console.text("#outcomeCheck").startsWith("REMAINING STEPS BY HAND (2), in order"), console.text("#outcomeCheck"));
        assertTrue(robot.lookup("#outcomeCheck").query().getPseudoClassStates().contains(LOUD));
        assertEquals("n2 primary · n1 NOT STREAMING from n2 (primary on term 7, writes frozen) · n3 replica of n2 (as seen)",
                console.text("#outcomeRoles"), "the roles as seen, not as the coordinator meant them");

        VBox steps = robot.lookup("#outcomeRemaining").queryAs(VBox.class);
        assertEquals(List.of("1. " + STEPS.get(0), "2. " + STEPS.get(1)), WaitForAsyncUtils.asyncFx(() -> steps.getChildren()
                .stream().map(n -> ((Label) n).getText()).toList()).get(), "the exact steps, right under the check line");
        assertTrue(steps.isVisible());
        VBox lines = robot.lookup("#outcomeAfterRun").queryAs(VBox.class);
        List<Label> labels = WaitForAsyncUtils.asyncFx(() -> lines.getChildren().stream().map(n -> (Label) n).toList()).get();
        List<String> red = labels.stream().filter(l -> l.getPseudoClassStates().contains(LOUD)).map(Label::getText).toList();
        assertEquals(List.of("Verification: SOME CHECKS FAILED (1 of 2): topology degraded",
                "  FAILED  n1 streams from n2 on timeline 8 (not in recovery: it is a primary)"), red);
        assertTrue(labels.stream().anyMatch(l -> l.getText().equals("  +0.061s promoted n2; it writes on timeline 8")
                && !l.getPseudoClassStates().contains(LOUD)), "the steps taken are shown, quietly");

        List<LogLine> log = window.viewModel().run().log();
        assertTrue(log.stream().anyMatch(l -> l.level() == LogLine.Level.BAD && l.text().equals("1. " + STEPS.get(0))),
                log.toString());
        console.waitUntil("the run is listed for recovery", () -> window.viewModel().recovery().pending().stream()
                .anyMatch(r -> r.action() == RecoveryAction.CHECK_TOPOLOGY && r.advice().contains("2. " + STEPS.get(1))));
        assertTrue(journal.load().runs().get(0).degraded(), "the journal says degraded");
        assertFalse(console.text("#outcomeHeadline").startsWith("Zero-RPO"));
    }
}
