package dev.handover.ui.fx;

import dev.handover.cluster.Candidate;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.ui.cluster.NodeRow;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import dev.handover.testing.Await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What a tester does with the console, in its words: pick, type, start, wait for, read. */
final class ConsoleRobot {
    static final long WAIT_SECONDS = 20;
    /** How long one read waits for the FX thread before it counts as a reading of "busy" and the wait reads again. */
    private static final Duration FX_ANSWER = Duration.ofSeconds(2);
    /** What a check that held reads as, so that a wait on a yes/no can carry the console's state when it is a no. */
    private static final String DONE = "held";

    private final FxRobot robot;

    ConsoleRobot(FxRobot robot) {
        this.robot = robot;
    }

    /**
     * Wait, bounded, until {@code condition} holds; the condition is read on the FX thread. A timeout says what the
     * console showed at the last check that failed (see {@link #state()}), read in the same FX call.
     */
    void waitUntil(String what, Callable<Boolean> condition) {
        waitUntil(what, Duration.ofSeconds(WAIT_SECONDS), () -> condition.call() ? DONE : state(), DONE::equals);
    }

    /** Wait, bounded, until {@code done} holds for what {@code read} returns on the FX thread; fails saying what it last read. */
    <T> T waitUntil(String what, Duration timeout, Callable<T> read, Predicate<? super T> done) {
        return Await.until(what, timeout, Duration.ofMillis(20), () -> onFx(read), done);
    }

    /**
     * One read on the FX thread, bounded: a thread busy past {@link #FX_ANSWER} (a loaded machine, a long layout) is a
     * reading of its own, and the wait reads again; an FX thread that never answers still ends in the wait's timeout.
     */
    private static <T> T onFx(Callable<T> read) throws Exception {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(FX_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the FX thread did not answer within " + FX_ANSWER.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** What the console shows, in a line: the outcome, Start, the target's reason, the table's rows. On the FX thread. */
    String state() {
        String rows = table().getItems().stream().map(r -> r.id() + " " + r.role() + " t" + r.term() + " " + r.health())
                .collect(Collectors.joining(", "));
        return "outcome \"" + text("#outcomeHeadline") + "\"; Start " + robot.lookup("#start").tryQueryAs(Button.class)
                .map(b -> b.isDisabled() ? "disabled" : "enabled").orElse("absent") + "; target reason \""
                + text("#targetReason") + "\"; table [" + rows + "]";
    }

    void waitForCluster() {
        waitUntil("the cluster table has rows (its rows)", Duration.ofSeconds(WAIT_SECONDS), () -> table().getItems().size(),
                n -> n > 0);
    }

    @SuppressWarnings("unchecked")
    /**
     * Click {@code id} in the target list until the form names it. A refresh re-ranks the list by lag, so the cell
     * under the pointer can hold another node by the time the click lands (seen under load: pg3 picked for pg2); the
     * form, not the click, says what was picked.
     */
    void pickTarget(String id) {
        String picked = "Target: " + id + ",";
        for (int attempt = 1; attempt <= 3; attempt++) {
            waitUntil("target " + id + " is offered", () -> robot.lookup("#targets .list-cell")
                    .match((ListCell<Candidate> c) -> c.getItem() != null && c.getItem().id().equals(id)).tryQuery().isPresent());
            Node cell = robot.lookup("#targets .list-cell")
                    .match((ListCell<Candidate> c) -> c.getItem() != null && c.getItem().id().equals(id)).query();
            robot.clickOn(cell);
            waitUntil("a target is picked", () -> text("#targetReason").contains(":"));
            if (text("#targetReason").startsWith(picked)) {
                return;
            }
        }
        waitUntil("target " + id + " is picked", () -> text("#targetReason").startsWith(picked));
    }

    void chooseForce() {
        robot.clickOn("#forceMode");
    }

    void setField(String id, String value) {
        TextField field = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> field.setText(""));
        robot.clickOn(field).write(value);
    }

    /**
     * Start, confirming as a DBA does on a real cluster: the confirmation opens in the click's own event, so
     * when it is there the target's id is typed from its handover line and Proceed pressed.
     */
    void start() {
        pressStart();
        if (robot.lookup("#confirmProceed").tryQuery().isPresent()) {
            confirmStart();
        }
    }

    /** Only the click on Start: whatever it opens stays open. */
    void pressStart() {
        waitUntil("Start is enabled", () -> !button("#start").isDisabled());
        scrollIntoView(button("#start"));
        robot.clickOn("#start");
    }

    /** In the open start confirmation: type the target's id, Proceed. */
    void confirmStart() {
        String handover = text("#confirmHandover");
        String target = handover.substring(handover.indexOf('→') + 1).strip();
        robot.clickOn("#confirmTypedId").write(target);
        waitUntil("Proceed is enabled once " + target + " is typed", () -> !button("#confirmProceed").isDisabled());
        robot.clickOn("#confirmProceed");
        waitUntil("the confirmation has closed", () -> robot.lookup("#confirmProceed").tryQuery().isEmpty());
    }

    /** Scroll the form so {@code node} is on screen: a long checklist pushes Start below the fold. */
    void scrollIntoView(Node node) {
        robot.interact(() -> {
            for (Node p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane pane && pane.getContent() != null) {
                    double content = pane.getContent().getBoundsInLocal().getHeight();
                    double view = pane.getViewportBounds().getHeight();
                    double y = pane.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
                    if (content > view) {
                        pane.setVvalue(Math.max(0, Math.min(1, (y - view / 2) / (content - view))));
                    }
                    return;
                }
            }
        });
    }

    Button button(String id) {
        return robot.lookup(id).queryAs(Button.class);
    }

    String text(String id) {
        return robot.lookup(id).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    /** Unfold the recovery prompt's runs (folded, it is one summary line with a Show toggle). */
    void showRecoveryRuns() {
        waitUntil("the recovery prompt shows", () -> showing("#recoveryPanel"));
        robot.interact(() -> robot.lookup("#recoveryToggle").queryAs(javafx.scene.control.ToggleButton.class).setSelected(true));
    }

    boolean showing(String id) {
        return robot.lookup(id).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false);
    }

    @SuppressWarnings("unchecked")
    TableView<NodeRow> table() {
        return (TableView<NodeRow>) robot.lookup("#clusterTable").queryAs(TableView.class);
    }

    /** The table's primary row, read on the FX thread. */
    NodeRow primaryRow() {
        try {
            return WaitForAsyncUtils.asyncFx(() -> table().getItems().stream().filter(NodeRow::primary).findFirst()
                    .orElseThrow()).get();
        } catch (Exception e) {
            throw new AssertionError("no primary row in the cluster table", e);
        }
    }

    void waitForPrimaryRow(String id, long term) {
        waitUntil("the table shows " + id + " as primary under term " + term, () -> table().getItems().stream()
                .anyMatch(r -> r.primary() && r.id().equals(id) && r.term() == term));
    }

    void waitForOutcome(String headlineStart) {
        waitForVerifiedOutcome(headlineStart, Duration.ZERO);
    }

    /** The same, for an outcome that comes after a verification, which may wait {@code verification} for standbys. */
    void waitForVerifiedOutcome(String headlineStart, Duration verification) {
        waitUntil("the outcome to read \"" + headlineStart + "…\" (the console)",
                Duration.ofSeconds(WAIT_SECONDS).plus(verification), this::state,
                s -> s.startsWith("outcome \"" + headlineStart));
    }

    static long skipped(ClusterSnapshot s, String target) {
        NodeStatus primary = s.primary().orElseThrow();
        return primary.lsn() - s.node(target).orElseThrow().durableLsn();
    }
}
