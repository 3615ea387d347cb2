package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.sim.SimCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import javafx.stage.Stage;

import java.util.function.UnaryOperator;

/**
 * A console window on a simulated cluster, shown on the TestFX stage, with what the test must close
 * afterwards: the window, the one background executor, and the cluster.
 */
final class OpenedConsole implements AutoCloseable {
    final SimCluster sim;
    final ConsoleContext context;
    final ConsoleWindow window;

    private OpenedConsole(SimCluster sim, ConsoleContext context, ConsoleWindow window) {
        this.sim = sim;
        this.context = context;
        this.window = window;
    }

    static OpenedConsole show(Stage stage, SimCluster sim) {
        return show(stage, sim, UnaryOperator.identity());
    }

    /** {@code configure} adds to the default context, e.g. {@code c -> c.withJournal(journal)}. */
    static OpenedConsole show(Stage stage, SimCluster sim, UnaryOperator<ConsoleContext> configure) {
        ConsoleContext context = configure.apply(ConsoleContext.of(sim, Installed.backends()));
        ConsoleWindow window = new ConsoleWindow(context);
        window.showOn(stage);
        return new OpenedConsole(sim, context, window);
    }

    /** On {@code connection} (e.g. a backend around {@code sim}), in a window of {@code width}×{@code height}. */
    static OpenedConsole show(Stage stage, SimCluster sim, dev.handover.cluster.ClusterConnection connection,
                              double width, double height) {
        return show(stage, sim, connection, width, height, UnaryOperator.identity());
    }

    /** The same, {@code configure} adding to the default context. */
    static OpenedConsole show(Stage stage, SimCluster sim, dev.handover.cluster.ClusterConnection connection,
                              double width, double height, UnaryOperator<ConsoleContext> configure) {
        ConsoleContext context = configure.apply(ConsoleContext.of(connection, Installed.backends()));
        ConsoleWindow window = new ConsoleWindow(context);
        window.showOn(stage, width, height);
        return new OpenedConsole(sim, context, window);
    }

    /** A console the test built itself (e.g. with a settings file of its own). */
    static OpenedConsole wrap(SimCluster sim, ConsoleContext context, ConsoleWindow window) {
        return new OpenedConsole(sim, context, window);
    }

    @Override
    public void close() {
        window.close();
        context.executor().close();
        sim.close();
    }
}
