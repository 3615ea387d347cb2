package dev.handover.ui.force;

import dev.handover.cluster.ForceLoss;
import dev.handover.core.ForceDecision;
import dev.handover.ui.ControllerFactory;
import dev.handover.ui.ViewLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The modal force confirmation, owned by the console window. Closing it with the window's close
 * box declines; an answer or the coordinator giving up closes it.
 */
public final class ForceConfirmDialog implements ForcePromptPresenter {
    private final Supplier<Window> owner;
    private Stage stage;
    private ForceConfirmView view;

    public ForceConfirmDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void show(ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> answer) {
        dismiss();
        ForceConfirmViewModel viewModel = new ForceConfirmViewModel(loss, decision -> {
            answer.accept(decision);
            dismiss();
        });
        ForceConfirmView confirmView = new ForceConfirmView(viewModel);
        Parent root = ViewLoader.load("ForceConfirm.fxml",
                new ControllerFactory().with(ForceConfirmView.class, () -> confirmView));
        Stage dialog = new Stage();
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
        }
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Confirm forced handover — writes are frozen");
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ViewLoader.styleSheet());
        dialog.setScene(scene);
        dialog.setOnCloseRequest(e -> viewModel.decline());
        stage = dialog;
        view = confirmView;
        confirmView.startCountdown(remaining);
        dialog.show();
    }

    @Override
    public void dismiss() {
        if (view != null) {
            view.stopCountdown();
            view = null;
        }
        if (stage != null) {
            Stage s = stage;
            stage = null;
            s.close();
        }
    }
}
