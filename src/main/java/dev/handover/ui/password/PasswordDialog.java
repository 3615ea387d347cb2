package dev.handover.ui.password;

import javafx.scene.Scene;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The password prompt as a dialog: one masked field per unset variable, named by the variable so the operator
 * knows which secret it is. Not waiting (no showAndWait) once the console is up: the answer comes through the
 * callback; {@link #askNow} waits, for the console's start before its window exists.
 */
public final class PasswordDialog implements PasswordPrompt {
    private final Supplier<Window> owner;
    private final Consumer<Scene> style;

    /** @param style styles the dialog as the console is (style sheet, theme, text size) */
    public PasswordDialog(Supplier<Window> owner, Consumer<Scene> style) {
        this.owner = owner;
        this.style = style;
    }

    @Override
    public void ask(String cluster, List<String> variables, Consumer<Optional<Map<String, String>>> answer) {
        Dialog<Map<String, String>> dialog = build(cluster, variables);
        dialog.setOnHidden(e -> answer.accept(Optional.ofNullable(dialog.getResult())));
        dialog.show();
    }

    /** The same, waiting for the answer: for the console's start, before its window is shown. */
    public Optional<Map<String, String>> askNow(String cluster, List<String> variables) {
        return build(cluster, variables).showAndWait();
    }

    private Dialog<Map<String, String>> build(String cluster, List<String> variables) {
        Dialog<Map<String, String>> dialog = new Dialog<>();
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
        }
        dialog.setTitle("Password for " + cluster);
        dialog.setHeaderText("The definition reads its password from " + String.join(", ", variables)
                + (variables.size() == 1 ? ", which is" : ", which are") + " not set");
        ButtonType open = new ButtonType("Open cluster", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(open, ButtonType.CANCEL);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        Map<String, PasswordField> fields = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            String v = variables.get(i);
            Label name = new Label("$" + v);
            name.getStyleClass().add("field-label");
            PasswordField field = new PasswordField();
            field.setId("password-" + v);
            field.setPromptText("password for $" + v);
            grid.addRow(i, name, field);
            fields.put(v, field);
        }
        Label note = new Label("Held in this console's memory for this cluster only: never written to the journal,"
                + " the settings or a log. To skip this prompt, export the variable before starting the console.");
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        note.setMaxWidth(460);
        VBox box = new VBox(10, grid, note);
        box.getStyleClass().add("password-prompt");
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().lookupButton(open).disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> fields.values().stream().anyMatch(f -> f.getText().isEmpty()),
                fields.values().stream().map(PasswordField::textProperty).toArray(javafx.beans.Observable[]::new)));
        dialog.setResultConverter(button -> {
            if (button != open) {
                return null;
            }
            Map<String, String> typed = new LinkedHashMap<>();
            fields.forEach((v, f) -> typed.put(v, f.getText()));
            return typed;
        });
        style.accept(dialog.getDialogPane().getScene());
        dialog.setOnShown(e -> fields.values().stream().findFirst().ifPresent(PasswordField::requestFocus));
        return dialog;
    }
}
