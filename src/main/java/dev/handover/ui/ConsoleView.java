package dev.handover.ui;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.VBox;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.StatusBar;

/**
 * The console's frame: tool bar (room for scenario and time controls), notification pane for
 * errors, side-panel column (room for the fault panel and debrief), status bar. Binds only.
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

    public ConsoleView(ConsoleViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        clusterName.setText(viewModel.cluster().clusterName());
        statusBar.textProperty().bind(viewModel.statusProperty());
        notifications.setOnHidden(e -> viewModel.dismissNotice());
        viewModel.noticeProperty().addListener((obs, was, notice) -> {
            if (notice.isEmpty()) {
                notifications.hide();
            } else {
                notifications.show(notice);
            }
        });
        // The side column takes room only once a panel is put in it.
        sidePanels.visibleProperty().bind(Bindings.isNotEmpty(sidePanels.getChildren()));
        sidePanels.managedProperty().bind(sidePanels.visibleProperty());
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
