package dev.handover.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;

/**
 * The console's frame: tool bar (scenario and time controls), notification pane for errors, the
 * recovery prompt above the left tabs (switchover form; drill briefing and faults), the main tabs (live
 * run, debrief, history), a side-panel column shown only while a panel in it is, status bar. Binds only.
 */
public final class ConsoleView {
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

    public ConsoleView(ConsoleViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        clusterName.textProperty().bind(viewModel.clusterNameProperty());
        // A definition file's path can be long: the label keeps its end (the file name), the tooltip has it all.
        javafx.scene.control.Tooltip fullName = new javafx.scene.control.Tooltip();
        fullName.textProperty().bind(viewModel.clusterNameProperty());
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
        // The side column takes room only while a panel in it is showing.
        bindSideColumn();
        sidePanels.getChildren().addListener((ListChangeListener<Node>) c -> bindSideColumn());
        sidePanels.managedProperty().bind(sidePanels.visibleProperty());
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
        mainTabs.getSelectionModel().select(0);
    }

    public void showDebrief() {
        mainTabs.getSelectionModel().select(1);
    }

    public void showHistory() {
        mainTabs.getSelectionModel().select(2);
    }

    public void showSwitchoverForm() {
        leftTabs.getSelectionModel().select(0);
    }

    /** The briefing and the fault panel. */
    public void showDrill() {
        leftTabs.getSelectionModel().select(1);
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
