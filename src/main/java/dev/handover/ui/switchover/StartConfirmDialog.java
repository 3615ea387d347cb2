package dev.handover.ui.switchover;

import dev.handover.ui.ControllerFactory;
import dev.handover.ui.ViewLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The start confirmation as a window-modal dialog owned by the console. It does not wait (no showAndWait): the
 * answer comes back through the callback, on the FX thread; closing it cancels.
 */
public final class StartConfirmDialog implements StartConfirmer {
    private final Supplier<Window> owner;
    private final Consumer<Scene> style;

    /** @param style styles the dialog's scene as the console is (its style sheet, theme and text size) */
    public StartConfirmDialog(Supplier<Window> owner, Consumer<Scene> style) {
        this.owner = owner;
        this.style = style;
    }

    @Override
    public void ask(StartConfirmation confirmation, Consumer<Optional<StartConfirmation.Answer>> answer) {
        Stage dialog = new Stage();
        StartConfirmViewModel viewModel = new StartConfirmViewModel(confirmation, a -> {
            dialog.close();
            answer.accept(a);
        });
        StartConfirmView view = new StartConfirmView(viewModel);
        Parent root = ViewLoader.load("StartConfirm.fxml",
                new ControllerFactory().with(StartConfirmView.class, () -> view));
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
        }
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle(confirmation.realCluster() ? "Confirm switchover — REAL CLUSTER" : "Run against a failing preflight");
        Scene scene = new Scene(root);
        style.accept(scene);
        dialog.setScene(scene);
        dialog.setOnCloseRequest(e -> viewModel.cancel());
        dialog.setOnShown(e -> view.focusFirst());
        dialog.show();
    }
}
