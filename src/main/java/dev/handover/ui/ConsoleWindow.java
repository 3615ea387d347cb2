package dev.handover.ui;

import dev.handover.ui.cluster.ClusterView;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.force.ForceConfirmDialog;
import dev.handover.ui.history.HistoryView;
import dev.handover.ui.recovery.RecoveryView;
import dev.handover.ui.training.BriefingView;
import dev.handover.ui.training.DebriefView;
import dev.handover.ui.training.DrillView;
import dev.handover.ui.training.FaultPanelView;
import dev.handover.ui.outcome.OutcomeView;
import dev.handover.ui.run.RunView;
import dev.handover.ui.switchover.StartConfirmDialog;
import dev.handover.ui.switchover.SwitchoverView;
import dev.handover.ui.appearance.Appearance;
import dev.handover.ui.password.PasswordDialog;
import dev.handover.ui.appearance.SettingsFile;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Puts the console together on a context: view models, the controller factory that hands them to
 * the FXML views, the force dialog owned by the window. The application and the UI tests both
 * build the console through here.
 */
public final class ConsoleWindow {
    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;
    /** The smallest window the console is laid out for: everything readable, Start and Abort in view. */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 700;

    private final ConsoleViewModel viewModel;
    private final Parent root;
    private ConsoleView consoleView;
    private RunView runView;
    private HistoryView historyView;
    private SwitchoverView switchoverView;
    private final Appearance appearance;

    public ConsoleWindow(ConsoleContext context) {
        this(context, SettingsFile.defaultLocation());
    }

    /** @param settings where the theme and text size are remembered between starts (tests: a temporary file) */
    public ConsoleWindow(ConsoleContext context, SettingsFile settings) {
        this(context, settings, settings.load());
    }

    /** @param saved what {@code settings} holds, read already (the start reads it off the FX thread) */
    public ConsoleWindow(ConsoleContext context, SettingsFile settings, java.util.Properties saved) {
        Parent[] rootRef = new Parent[1];
        ForceConfirmDialog forceDialog = new ForceConfirmDialog(() -> ownerOf(rootRef[0]));
        ConsoleViewModel[] vmRef = new ConsoleViewModel[1];
        appearance = new Appearance(settings, saved, context.executor()::execute,
                trouble -> context.relay().run(() -> vmRef[0].reportTrouble(trouble)));
        StartConfirmDialog confirmDialog = new StartConfirmDialog(() -> ownerOf(rootRef[0]), this::style);
        viewModel = new ConsoleViewModel(context, forceDialog, confirmDialog);
        vmRef[0] = viewModel;
        viewModel.drill().setPasswordPrompt(new PasswordDialog(() -> ownerOf(rootRef[0]), this::style));
        ControllerFactory controllers = new ControllerFactory()
                .with(ConsoleView.class, () -> consoleView = new ConsoleView(viewModel, appearance, this::focusTargets))
                .with(ClusterView.class, () -> new ClusterView(viewModel.cluster()))
                .with(SwitchoverView.class, () -> switchoverView = new SwitchoverView(viewModel.switchover(),
                        viewModel::startSwitchover, viewModel.schedule(), viewModel::schedule, viewModel::startAnyway))
                .with(RunView.class, () -> runView = new RunView(viewModel.run()))
                .with(OutcomeView.class, () -> new OutcomeView(viewModel.outcome()))
                .with(DrillView.class, () -> new DrillView(viewModel.drill()))
                .with(BriefingView.class, () -> new BriefingView(viewModel.drill()))
                .with(FaultPanelView.class, () -> new FaultPanelView(viewModel.faults()))
                .with(DebriefView.class, () -> new DebriefView(viewModel.debrief()))
                .with(HistoryView.class, () -> historyView = new HistoryView(viewModel.history(), viewModel.journal(),
                        viewModel::changeJournal))
                .with(RecoveryView.class, () -> new RecoveryView(viewModel.recovery(), viewModel.band().clusterNameProperty()));
        root = ViewLoader.load("Console.fxml", controllers);
        rootRef[0] = root;
    }

    private static Window ownerOf(Parent root) {
        return root == null || root.getScene() == null ? null : root.getScene().getWindow();
    }

    /**
     * Route exceptions nobody caught — on the FX thread or a background one — into the window's
     * notice instead of a stack trace on stderr. Called by the application, not by tests.
     */
    public void reportUncaughtErrors(FxRelay relay) {
        Thread.UncaughtExceptionHandler toWindow = (thread, e) -> relay.run(() -> viewModel.reportUnexpected(e));
        Thread.currentThread().setUncaughtExceptionHandler(toWindow);
        Thread.setDefaultUncaughtExceptionHandler(toWindow);
    }

    /**
     * Show the console on {@code stage} at 1280×800 (or the screen's size, if smaller, but never under the
     * minimum; or {@code -Dhandover.windowSize=WIDTHxHEIGHT}) and start refreshing the cluster.
     */
    public void showOn(Stage stage) {
        double[] size = initialSize();
        showOn(stage, size[0], size[1]);
    }

    /** The same at {@code width}×{@code height} (tests and screenshots take the sizes a DBA uses). */
    public void showOn(Stage stage, double width, double height) {
        Scene scene = new Scene(root, Math.max(width, MIN_WIDTH), Math.max(height, MIN_HEIGHT));
        stage.setScene(scene);
        stage.sizeToScene();
        ExitAfterFirstFrame.armIfRequested(scene);
        present(stage, scene);
        stage.show();
        viewModel.start();
    }

    /**
     * Take the place of the start screen already showing on {@code stage}: the same scene and window, its root
     * replaced (no second window, no resize), then start refreshing the cluster.
     */
    public void replaceStartScreen(Stage stage) {
        Scene scene = stage.getScene();
        scene.setRoot(root);
        present(stage, scene);
        ExitAfterFirstFrame.armLoadedIfRequested(scene);
        viewModel.start();
    }

    private void present(Stage stage, Scene scene) {
        style(scene);
        installKeys(scene);
        stage.titleProperty().bind(viewModel.band().titleProperty());
        // Below this the cluster table's columns and the pinned Start and Abort no longer fit.
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        // A console schedule lives with the console: closing it with one waiting says so and cancels it.
        stage.setOnCloseRequest(e -> {
            if (!confirmCloseWithSchedule(stage)) {
                e.consume();
            }
        });
    }

    /** Every scene the console opens looks the same: its style sheet, the theme and text size chosen. */
    private void style(Scene scene) {
        scene.getStylesheets().add(ViewLoader.styleSheet());
        appearance.applyTo(scene.getRoot());
    }

    /**
     * The keys a DBA reaches for, all on the scene, once: Ctrl+Enter starts (as the Start button, confirmation
     * included), Escape or Ctrl+. aborts the run, F5 refreshes the cluster, Ctrl+L goes to the target list,
     * Ctrl+Shift+D switches the theme, Ctrl+= / Ctrl+- / Ctrl+0 size the text. Not on the View menu's items:
     * those keys lived only while the menu was laid out in the window, and died when it went into the tool
     * bar's overflow. The menu and the buttons' tooltips name the same keys.
     */
    private void installKeys(Scene scene) {
        java.util.Map<javafx.scene.input.KeyCombination, Runnable> keys = scene.getAccelerators();
        keys.put(ConsoleKeys.START, () -> {
            if (viewModel.switchover().canStartProperty().get()) {
                viewModel.startSwitchover();
            }
        });
        keys.put(ConsoleKeys.ABORT, () -> viewModel.run().abort());
        keys.put(ConsoleKeys.ABORT_ALT, () -> viewModel.run().abort());
        keys.put(ConsoleKeys.REFRESH, () -> viewModel.cluster().refreshSoon());
        keys.put(ConsoleKeys.TARGETS, this::focusTargets);
        keys.put(ConsoleKeys.DARK, () -> appearance.darkProperty().set(!appearance.darkProperty().get()));
        keys.put(ConsoleKeys.LARGER, appearance::larger);
        keys.put(ConsoleKeys.SMALLER, appearance::smaller);
        keys.put(ConsoleKeys.NORMAL_SIZE, appearance::normalSize);
    }

    /** Ctrl+L: the switchover form's target list, ready for the arrow keys. */
    void focusTargets() {
        consoleView.showSwitchoverForm();
        if (switchoverView != null) {
            switchoverView.focusTargets();
        }
    }

    public Appearance appearance() {
        return appearance;
    }

    private boolean confirmCloseWithSchedule(Stage stage) {
        java.util.Optional<String> waiting = viewModel.schedule().waitingText();
        if (waiting.isEmpty()) {
            return true;
        }
        javafx.scene.control.ButtonType close = new javafx.scene.control.ButtonType("Cancel the schedule and close",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType keep = new javafx.scene.control.ButtonType("Keep the console open",
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        javafx.scene.control.Alert ask = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING,
                "Schedule " + waiting.get() + " is waiting. A console schedule lives with the console: closing it "
                        + "cancels the schedule (written in the schedule book) and nothing will run.", close, keep);
        ask.initOwner(stage);
        ask.setTitle("A switchover is scheduled");
        ask.setHeaderText("Closing cancels the scheduled switchover");
        boolean closing = ask.showAndWait().orElse(keep) == close;
        if (closing) {
            viewModel.schedule().cancelBecause("the console was closed");
        }
        return closing;
    }

    /** The window's size at start: 1280×800, the screen's if smaller, or {@code -Dhandover.windowSize=WxH}. */
    static double[] initialSize() {
        String asked = System.getProperty("handover.windowSize", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)x(\\d+)").matcher(asked.trim());
        if (m.matches()) {
            return new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
        }
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        return new double[]{Math.min(WIDTH, screen.getWidth()), Math.min(HEIGHT, screen.getHeight())};
    }

    public void close() {
        viewModel.close();
    }

    public ConsoleViewModel viewModel() {
        return viewModel;
    }

    public Parent root() {
        return root;
    }

    public ConsoleView view() {
        return consoleView;
    }

    public RunView runView() {
        return runView;
    }

    public HistoryView historyView() {
        return historyView;
    }
}
