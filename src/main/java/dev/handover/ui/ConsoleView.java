package dev.handover.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import dev.handover.ui.appearance.Appearance;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;

/**
 * The console's frame: the band saying which world it is in (real cluster or simulation), tool bar
 * (scenario and time controls on a simulation), notification pane for errors, the
 * recovery prompt above the left tabs (switchover form; drill briefing and faults), the main tabs (live
 * run, debrief, history), a side-panel column shown only while a panel in it is, status bar. Binds only.
 */
public final class ConsoleView {
    private static final double LEFT_MIN = 300;
    private static final double LEFT_MAX = 380;
    private static final PseudoClass REAL = PseudoClass.getPseudoClass("real");
    private static final PseudoClass SIMULATION = PseudoClass.getPseudoClass("simulation");
    private final ConsoleViewModel viewModel;

    @FXML
    private ToolBar toolbar;
    @FXML
    private Label clusterName;
    @FXML
    private NotificationPane notifications;
    @FXML
    private VBox sidePanels;
    @FXML
    private StatusBar statusBar;
    @FXML
    private TabPane leftTabs;
    @FXML
    private TabPane mainTabs;
    @FXML
    private Tab debriefTab;
    @FXML
    private Tab liveTab;
    @FXML
    private Tab historyTab;
    @FXML
    private Tab switchoverTab;
    @FXML
    private Tab drillTab;
    @FXML
    private VBox leftColumn;
    @FXML
    private ScrollPane recoveryScroll;
    @FXML
    private HBox worldBand;
    @FXML
    private Label worldKind;
    @FXML
    private Label worldDetail;

    @FXML
    private MenuButton viewMenu;
    private final Appearance appearance;
    private final Runnable focusTargets;

    public ConsoleView(ConsoleViewModel viewModel) {
        this(viewModel, null, () -> { });
    }

    /**
     * @param appearance   the theme and text size the View menu changes (null: no View menu)
     * @param focusTargets Ctrl+L: the target list takes the keyboard
     */
    public ConsoleView(ConsoleViewModel viewModel, Appearance appearance, Runnable focusTargets) {
        this.viewModel = viewModel;
        this.appearance = appearance;
        this.focusTargets = focusTargets;
    }

    /**
     * The View menu: refresh, the target list, the theme and the text size, each item naming its key. The keys
     * themselves are the window's (ConsoleWindow installs them on the scene), not the items': a menu's
     * accelerators live only while the menu is laid out in the window, and the View menu goes into the tool
     * bar's overflow in a small window with large text, which took its keys with it.
     */
    private void buildViewMenu() {
        if (appearance == null) {
            viewMenu.setVisible(false);
            viewMenu.setManaged(false);
            return;
        }
        MenuItem refresh = item("Refresh cluster", ConsoleKeys.REFRESH, "viewRefresh", () -> viewModel.cluster().refreshSoon());
        MenuItem targets = item("Go to target list", ConsoleKeys.TARGETS, "viewTargets", focusTargets);
        CheckMenuItem dark = new CheckMenuItem(withKey("Dark theme", ConsoleKeys.DARK));
        dark.setId("viewDark");
        dark.selectedProperty().bindBidirectional(appearance.darkProperty());
        MenuItem larger = item("Larger text", ConsoleKeys.LARGER, "viewLarger", appearance::larger);
        MenuItem smaller = item("Smaller text", ConsoleKeys.SMALLER, "viewSmaller", appearance::smaller);
        MenuItem normal = item("Normal text size", ConsoleKeys.NORMAL_SIZE, "viewNormal", appearance::normalSize);
        MenuItem keys = new MenuItem("Start: Ctrl+Enter · Abort: Esc or Ctrl+.");
        keys.setDisable(true);
        viewMenu.getItems().setAll(refresh, targets, new SeparatorMenuItem(), dark, larger, smaller, normal,
                new SeparatorMenuItem(), keys);
        viewMenu.setTooltip(new Tooltip("Refresh (F5), target list (Ctrl+L), dark theme (Ctrl+Shift+D), "
                + "text size (Ctrl+= / Ctrl+- / Ctrl+0)"));
    }

    private static MenuItem item(String text, javafx.scene.input.KeyCombination key, String id, Runnable action) {
        MenuItem item = new MenuItem(withKey(text, key));
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }

    /** "Larger text  (Ctrl+=)": the key named in the item, as an accelerator would show it. */
    static String withKey(String text, javafx.scene.input.KeyCombination key) {
        return text + "  (" + key.getDisplayText() + ")";
    }

    @FXML
    private void initialize() {
        buildViewMenu();
        clusterName.textProperty().bind(viewModel.band().clusterNameProperty());
        worldKind.textProperty().bind(viewModel.band().worldKindProperty());
        worldDetail.textProperty().bind(viewModel.band().worldDetailProperty());
        Tooltip bandTip = new Tooltip();
        bandTip.textProperty().bind(Bindings.concat(viewModel.band().worldKindProperty(), " · ",
                viewModel.band().worldDetailProperty(), "\n", viewModel.band().clusterNameProperty()));
        worldDetail.setTooltip(bandTip);
        showWorld(viewModel.band().simulationProperty().get());
        viewModel.band().simulationProperty().addListener((obs, was, sim) -> showWorld(sim));
        // A definition file's path can be long: the label keeps its end (the file name), the tooltip has it all.
        Tooltip fullName = new Tooltip();
        fullName.textProperty().bind(viewModel.band().clusterNameProperty());
        clusterName.setTooltip(fullName);
        debriefTab.textProperty().bind(Bindings.when(viewModel.debrief().presentProperty())
                .then(Bindings.concat("Debrief · ", viewModel.debrief().scoreProperty().asString(), "/100"))
                .otherwise("Debrief"));
        statusBar.textProperty().bind(viewModel.statusProperty());
        notifications.setOnHidden(e -> viewModel.dismissNotice());
        viewModel.noticeProperty().addListener((obs, was, notice) -> {
            if (notice.isEmpty()) {
                notifications.hide();
            } else {
                notifications.show(notice);
            }
        });
        // The form column gives the cluster table room in a narrow window: 300 px at 1024, 380 from about 1300.
        leftColumn.sceneProperty().addListener((obs, was, scene) -> {
            leftColumn.prefWidthProperty().unbind();
            if (scene != null) {
                leftColumn.prefWidthProperty().bind(Bindings.createDoubleBinding(
                        () -> Math.max(LEFT_MIN, Math.min(LEFT_MAX, scene.getWidth() * 0.29)), scene.widthProperty()));
            }
        });
        // The recovery prompt takes room only while it shows; it scrolls when the form below needs its minimum.
        Node recoveryPanel = recoveryScroll.getContent();
        recoveryScroll.visibleProperty().bind(recoveryPanel.visibleProperty());
        recoveryScroll.managedProperty().bind(recoveryScroll.visibleProperty());
        // A scroll pane asks for its content's height at no particular width (wrapped text on one line): ask for
        // the height the prompt has at the column's width instead.
        recoveryScroll.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> recoveryPanel.getLayoutBounds().getHeight() + 2, recoveryPanel.layoutBoundsProperty()));
        // The side column takes room only while a panel in it is showing.
        bindSideColumn();
        sidePanels.getChildren().addListener((ListChangeListener<Node>) c -> bindSideColumn());
        sidePanels.managedProperty().bind(sidePanels.visibleProperty());
    }

    /**
     * A real cluster gets no training: the drill and faults tab and the debrief's score go (tabs cannot be
     * hidden, so they are taken out and put back), and the band turns red.
     */
    private void showWorld(boolean simulation) {
        worldBand.pseudoClassStateChanged(REAL, !simulation);
        worldBand.pseudoClassStateChanged(SIMULATION, simulation);
        showTab(leftTabs, drillTab, switchoverTab, simulation);
        showTab(mainTabs, debriefTab, liveTab, simulation);
    }

    /** {@code tab} in {@code pane} right after {@code after}, or out of it (the one before it then shows). */
    private static void showTab(TabPane pane, Tab tab, Tab after, boolean shown) {
        boolean there = pane.getTabs().contains(tab);
        if (shown && !there) {
            pane.getTabs().add(pane.getTabs().indexOf(after) + 1, tab);
        } else if (!shown && there) {
            if (pane.getSelectionModel().getSelectedItem() == tab) {
                pane.getSelectionModel().select(after);
            }
            pane.getTabs().remove(tab);
        }
    }

    private void bindSideColumn() {
        Node[] panels = sidePanels.getChildren().toArray(Node[]::new);
        javafx.beans.Observable[] deps = new javafx.beans.Observable[panels.length];
        for (int i = 0; i < panels.length; i++) {
            deps[i] = panels[i].visibleProperty();
        }
        BooleanBinding anyShowing = Bindings.createBooleanBinding(
                () -> java.util.Arrays.stream(panels).anyMatch(Node::isVisible), deps);
        sidePanels.visibleProperty().bind(anyShowing);
    }

    /** Bring the live run (cluster, chart, log) to the front. */
    public void showLive() {
        mainTabs.getSelectionModel().select(liveTab);
    }

    /** The debrief; only on a simulation (a real run's outcome is its verified record). */
    public void showDebrief() {
        if (mainTabs.getTabs().contains(debriefTab)) {
            mainTabs.getSelectionModel().select(debriefTab);
        }
    }

    public void showHistory() {
        mainTabs.getSelectionModel().select(historyTab);
    }

    public void showSwitchoverForm() {
        leftTabs.getSelectionModel().select(switchoverTab);
    }

    /** The briefing and the fault panel; only on a simulation. */
    public void showDrill() {
        if (leftTabs.getTabs().contains(drillTab)) {
            leftTabs.getSelectionModel().select(drillTab);
        }
    }

    /** Where later features put their tool bar controls. */
    public ToolBar toolbar() {
        return toolbar;
    }

    /** Where later features put side panels (fault panel, debrief, history). */
    public VBox sidePanels() {
        return sidePanels;
    }
}
