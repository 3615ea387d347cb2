package dev.handover.ui;

import dev.handover.app.Installed;
import dev.handover.cluster.ClusterException;
import dev.handover.ui.appearance.SettingsFile;
import dev.handover.ui.password.PasswordDialog;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The operations console. {@code mvn javafx:run} opens it on the built-in simulated cluster
 * {@code healthy} in real time; {@code -Djavafx.args="--scenario=NAME --speed=X"} picks another, and
 * {@code -Djavafx.args="--cluster=pg:cluster.json"} (or {@code mariadb:...}, any address the backend
 * registry knows) opens a real cluster.
 * Every run is recorded in the journal (the user's data directory, or {@code --journal=DIR}).
 *
 * <p>Show first, load later: the window opens at once on a {@link StartScreen} (the console's frame, no controls),
 * while {@link ConsoleStartup} reads the options and opens the cluster and journal off the FX thread; after the start
 * screen's first pulse the console is built on the FX thread and takes its place in the same window.
 */
public final class ConsoleApp extends Application {
    private volatile boolean stopped;
    private ConsoleContext context;
    private ConsoleWindow window;
    private Stage stage;
    private StartScreen screen;
    private ConsoleStartup startup;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        List<String> args = getParameters().getRaw();
        // The console's entry: the engines it offers are the composition root's, handed on from here, never looked up.
        ConsoleStartup startup = ConsoleStartup.take(args, Installed.backends());
        this.startup = startup;
        screen = new StartScreen(startup.clusterText(), startup.simulation(), startup.darkIfKnown());
        double[] size = ConsoleWindow.initialSize();
        Scene scene = new Scene(screen.root(), Math.max(size[0], ConsoleWindow.MIN_WIDTH),
                Math.max(size[1], ConsoleWindow.MIN_HEIGHT));
        stage.setTitle("Handover");
        stage.setScene(scene);
        stage.setMinWidth(ConsoleWindow.MIN_WIDTH);
        stage.setMinHeight(ConsoleWindow.MIN_HEIGHT);
        ExitAfterFirstFrame.armIfRequested(scene);
        // The console is built only once the start screen has been laid out for its first frame.
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            startup.parsed().whenComplete((p, e) -> Platform.runLater(() -> {
                if (e != null) {
                    failed(e);
                } else if (p.unset().isEmpty()) {
                    open(startup, p, Map.of());
                } else {
                    askPasswords(startup, p);
                }
            }));
        };
        scene.addPostLayoutPulseListener(once[0]);
        stage.show();
    }

    /** The operator types the passwords the definition's variables would hold, in a dialog over the start screen. */
    private void askPasswords(ConsoleStartup startup, ConsoleStartup.Parsed p) {
        screen.say("Waiting for the password…");
        PasswordDialog ask = new PasswordDialog(() -> stage, scene -> scene.getStylesheets().add(ViewLoader.styleSheet()));
        ask.ask(p.options().cluster().text(), p.unset(), typed -> open(startup, p, typed.orElse(Map.of())));
    }

    private void open(ConsoleStartup startup, ConsoleStartup.Parsed p, Map<String, String> typed) {
        screen.say("Opening " + p.options().cluster().text() + "…");
        startup.open(p, typed).whenComplete((opened, e) -> {
            if (e == null && stopped) {
                // Closed while the cluster was opening: nothing will show it, so nothing may keep it open.
                opened.context().executor().close();
                opened.context().connection().close();
                return;
            }
            Platform.runLater(() -> {
                if (e != null) {
                    failed(e);
                } else {
                    show(opened);
                }
            });
        });
    }

    private void show(ConsoleStartup.Opened opened) {
        if (stopped) {
            opened.context().executor().close();
            opened.context().connection().close();
            return;
        }
        context = opened.context();
        window = new ConsoleWindow(context, SettingsFile.defaultLocation(), opened.settings());
        window.reportUncaughtErrors(context.relay());
        window.replaceStartScreen(stage);
        screen = null;
    }

    /** A bad option, scenario or definition says so in the window; anything else as well, its trace on stderr. */
    private void failed(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ClusterException || cause instanceof IllegalArgumentException) {
            showStartError(cause.getMessage());
        } else {
            cause.printStackTrace();
            showStartError(cause.toString());
        }
    }

    /** The start screen gives way to the reason, no stack trace. */
    private void showStartError(String message) {
        System.err.println("handover console: " + message);
        Label title = new Label("The console could not start");
        title.getStyleClass().add("section-title");
        Label text = new Label(message + "\n\n" + ConsoleOptions.usage(startup.backends()));
        text.setWrapText(true);
        VBox box = new VBox(10, title, text);
        box.getStyleClass().addAll("panel", "start-error");
        Scene scene = stage.getScene();
        scene.getStylesheets().add(ViewLoader.styleSheet());
        scene.setRoot(box);
    }

    @Override
    public void stop() {
        stopped = true;
        if (window != null) {
            window.close();
        }
        if (context != null) {
            context.executor().close();
            context.connection().close();
        }
    }
}
