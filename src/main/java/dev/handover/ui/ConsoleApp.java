package dev.handover.ui;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Environment;
import dev.handover.ui.password.PasswordDialog;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The operations console. {@code mvn javafx:run} opens it on the built-in simulated cluster
 * {@code healthy} in real time; {@code -Djavafx.args="--scenario=NAME --speed=X"} picks another, and
 * {@code -Djavafx.args="--cluster=pg:cluster.json"} (or {@code mariadb:...}, any address the backend
 * registry knows) opens a real cluster.
 * Every run is recorded in the journal (the user's data directory, or {@code --journal=DIR}).
 */
public final class ConsoleApp extends Application {
    private ConsoleContext context;
    private ConsoleWindow window;

    @Override
    public void start(Stage stage) {
        try {
            ConsoleOptions options = ConsoleOptions.parse(getParameters().getRaw());
            context = ConsoleContext.of(options.openCluster(environment(options))).withJournal(options.openJournal())
                    .withHooks(options.hooks());
        } catch (ClusterException | IllegalArgumentException e) {
            showStartError(stage, e.getMessage());
            return;
        }
        window = new ConsoleWindow(context);
        window.reportUncaughtErrors(context.relay());
        window.showOn(stage);
    }

    /**
     * The process's environment, plus the passwords the operator types for the variables the cluster's definition
     * names and the environment lacks (asked before the window opens; held in memory by the cluster only).
     */
    private static Environment environment(ConsoleOptions options) throws ClusterException {
        Environment env = Environment.system();
        List<String> unset = env.missing(options.secretVariables());
        if (unset.isEmpty()) {
            return env;
        }
        PasswordDialog ask = new PasswordDialog(() -> null, scene -> scene.getStylesheets().add(ViewLoader.styleSheet()));
        return ask.askNow(options.cluster().text(), unset).map(env::with).orElse(env);
    }

    /** A bad option or scenario: say so in a window (and on stderr), no stack trace. */
    private static void showStartError(Stage stage, String message) {
        System.err.println("handover console: " + message);
        Label title = new Label("The console could not start");
        title.getStyleClass().add("section-title");
        Label text = new Label(message + "\n\n" + ConsoleOptions.USAGE);
        text.setWrapText(true);
        VBox box = new VBox(10, title, text);
        box.getStyleClass().addAll("panel", "start-error");
        Scene scene = new Scene(box, 640, 240);
        scene.getStylesheets().add(ViewLoader.styleSheet());
        stage.setTitle("Handover");
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (context != null) {
            context.executor().close();
            context.connection().close();
        }
    }
}
