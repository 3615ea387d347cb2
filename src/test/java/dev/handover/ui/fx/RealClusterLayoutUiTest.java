package dev.handover.ui.fx;

import dev.handover.testing.RealServer;
import dev.handover.app.Installed;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
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

import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the console at its minimum size, 1024×700, after a run on a real PostgreSQL cluster. The catch-up chart's
 * LSN axis label (PostgreSQL's axis counts the bytes to go) and the band's primary address were cut to "…" there;
 * each is now drawn whole and inside its panel. (1280×800 and 1920×1080 have more room; the screenshots in docs/
 * were checked at all three.)
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
class RealClusterLayoutUiTest {
    private static LoopbackCluster cluster;

    private ConsoleContext context;
    private ConsoleWindow window;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        context = ConsoleContext.of(ConsoleOptions.parse(List.of("--cluster=pg:" + cluster.definitionFile()), Installed.backends()).openCluster(), Installed.backends());
        window = new ConsoleWindow(context);
        window.showOn(stage, 1024, 700);
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        context.connection().close();
    }

    @Test
    void afterARunTheChartsAxisLabelAndTheBandsAddressAreWholeAt1024x700(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("pg2");
        console.start();
        console.waitForOutcome("Zero-RPO handover: pg2 is primary");
        console.waitUntil("the band names the new primary's address", () -> console.text("#worldDetail")
                .endsWith("primary pg2 at 127.0.0.1:" + cluster.node("pg2").port()));
        WaitForAsyncUtils.waitForFxEvents();

        Labeled detail = robot.lookup("#worldDetail").queryAs(Labeled.class);
        assertEquals(detail.getText(), fx(() -> shown(detail)), "the band's detail is drawn whole");
        assertEquals("", fx(() -> inside(detail, robot.lookup("#worldBand").query())));

        Node chart = robot.lookup("#chart").query(); // the run's, not the History tab's replay
        // PostgreSQL's LSN axis counts the bytes below the frozen frontier once the chart has drawn the run.
        console.waitUntil("the LSN axis counts the bytes to go: " + fx(() -> axisLabels(chart)),
                () -> axisLabels(chart).contains("to go"));
        Labeled yLabel = fx(() -> chart.lookupAll(".axis-label").stream().map(Labeled.class::cast)
                .filter(l -> "to go".equals(l.getText())).findFirst().orElseThrow());
        assertEquals("to go", fx(() -> shown(yLabel)), "the LSN axis label is drawn whole");
        assertEquals("", fx(() -> inside(yLabel, chart)));
        assertTrue(fx(() -> yLabel.isVisible() && yLabel.getHeight() > 0), "the label is laid out");
    }

    /** The axes' labels as set now; on the FX thread. */
    private static List<String> axisLabels(Node chart) {
        return chart.lookupAll(".axis").stream().map(a -> ((javafx.scene.chart.Axis<?>) a).getLabel()).toList();
    }

    /** Empty when {@code node} lies wholly inside {@code outer} and the window; else where it sticks out. */
    private static String inside(Node node, Node outer) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        Bounds o = outer.localToScene(outer.getLayoutBounds());
        Bounds window = new javafx.geometry.BoundingBox(0, 0, node.getScene().getWidth(), node.getScene().getHeight());
        return contains(o, b) && contains(window, b) ? "" : node + " at " + b + " is outside " + o + " or the window " + window;
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        double slack = 0.5;
        return inner.getMinX() >= outer.getMinX() - slack && inner.getMinY() >= outer.getMinY() - slack
                && inner.getMaxX() <= outer.getMaxX() + slack && inner.getMaxY() <= outer.getMaxY() + slack;
    }

    /** The text a labeled control draws (its skin's text node), which ends in "…" when cut. */
    private static String shown(Labeled l) {
        return ((Parent) l).getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(t -> ((Text) t).getText())
                .findFirst().orElse("");
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
