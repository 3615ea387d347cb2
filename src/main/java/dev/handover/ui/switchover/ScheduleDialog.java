package dev.handover.ui.switchover;

import dev.handover.ui.ViewLoader;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Schedule…: when to run the plan the form holds (the same target, mode, deadline and freeze budget, its preflight
 * passed). The time is read as {@code handover run --at} reads it, with the answer shown as it is typed. Says
 * plainly that a console schedule lives with the console.
 */
final class ScheduleDialog {
    private ScheduleDialog() {
    }

    static void open(Window owner, ScheduleViewModel schedule, SwitchoverPlan plan, Consumer<Instant> confirm) {
        Stage dialog = new Stage();
        if (owner != null) {
            dialog.initOwner(owner);
        }
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Schedule the switchover");

        Label title = new Label("Schedule " + plan.request().oldPrimary().id() + " → " + plan.request().target().id());
        title.getStyleClass().add("section-title");
        String mode = ScheduleViewModel.modeText(plan);
        Label what = new Label(Character.toUpperCase(mode.charAt(0)) + mode.substring(1) + ", poll "
                + dev.handover.core.Durations.format(plan.pollInterval()) + ". The preflight passes now; at the time "
                + "the cluster is read again and the schedule is refused, nothing frozen, if the primary, its term or "
                + "the target's health changed, or a check or probe fails.");
        what.setId("schedulePlan");
        what.setWrapText(true);

        Label atLabel = new Label("Fire at");
        atLabel.getStyleClass().add("field-label");
        TextField at = new TextField(schedule.suggestedTime());
        at.setId("scheduleAt");
        at.setPromptText("18:30, tomorrow 07:00 or 2026-12-01T17:30:00Z");
        HBox.setHgrow(at, Priority.ALWAYS);
        HBox atRow = new HBox(8, atLabel, at);
        atRow.setAlignment(Pos.CENTER_LEFT);
        Label preview = new Label();
        preview.setId("schedulePreview");
        preview.setWrapText(true);
        Label formats = new Label("18:30 is today, tomorrow 07:00 the day after, 2026-12-01T18:30 a local date and time, "
                + "2026-12-01T17:30:00Z an exact instant; at most 7 days ahead.");
        formats.getStyleClass().add("hint");
        formats.setWrapText(true);

        Optional<Path> book = schedule.bookFile();
        Label lives = new Label(book.isPresent()
                ? "A console schedule lives with the console: closing this window cancels it (the cancel is written in "
                + "the book). It is written in " + book.get() + ", where handover cancel <id> from any terminal can "
                + "cancel it too. For a schedule that outlives the console, use handover run --at in a terminal."
                : "Runs are not recorded here (no journal), and a schedule is written in the schedule book beside the "
                + "journal: nothing can be scheduled.");
        lives.setId("scheduleLives");
        lives.getStyleClass().add(book.isPresent() ? "warning-banner" : "field-error");
        lives.setWrapText(true);
        lives.setMaxWidth(Double.MAX_VALUE);
        lives.setMinHeight(Region.USE_PREF_SIZE);

        Button ok = new Button("Schedule");
        ok.setId("scheduleConfirm");
        ok.setDefaultButton(true);
        Button back = new Button("Back");
        back.setId("scheduleBack");
        back.setCancelButton(true);
        HBox buttons = new HBox(8, back, ok);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        Runnable show = () -> {
            ScheduleViewModel.Preview p = schedule.preview(at.getText());
            preview.setText(p.text());
            preview.getStyleClass().setAll("label", p.fireAt().isPresent() ? "schedule-preview" : "field-error");
            ok.setDisable(p.fireAt().isEmpty() || book.isEmpty());
        };
        at.textProperty().addListener((obs, was, now) -> show.run());
        show.run();
        ok.setOnAction(e -> {
            ScheduleViewModel.Preview p = schedule.preview(at.getText()); // read again: time has passed since typing
            if (p.fireAt().isEmpty()) {
                show.run();
                return;
            }
            dialog.close();
            confirm.accept(p.fireAt().get());
        });
        back.setOnAction(e -> dialog.close());

        VBox root = new VBox(10, title, what, atRow, preview, formats, lives, buttons);
        root.setId("scheduleDialog");
        root.getStyleClass().addAll("panel", "schedule-dialog");
        root.setPadding(new Insets(14));
        root.setPrefWidth(520);
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ViewLoader.styleSheet());
        dialog.setScene(scene);
        dialog.show();
        at.requestFocus();
        at.selectAll();
    }
}
