package dev.handover.ui.copy;

import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.function.Supplier;

/**
 * Copying what the console tells you (the log, the outcome, steps, commands) to the clipboard: a "Copy" on
 * every such label's context menu, and "Copy steps" / "Copy command" buttons. Texts are copied exactly as shown;
 * the console names a secret by its variable ({@code $HANDOVER_PG_PASSWORD}) and never shows its value.
 */
public final class Copy {
    private Copy() {
    }

    /** {@code text} on the system clipboard, as plain text. Call on the FX thread. */
    public static void toClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** What the clipboard holds as plain text now; empty when none (tests, and nothing else). */
    public static String clipboardText() {
        String s = Clipboard.getSystemClipboard().getString();
        return s == null ? "" : s;
    }

    /** Right-click on {@code label} offers Copy of its text. */
    public static <T extends Labeled> T copyable(T label) {
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> toClipboard(label.getText()));
        label.setContextMenu(new ContextMenu(copy));
        return label;
    }

    /** A small button that copies what {@code text} gives when pressed. */
    public static Button button(String caption, String id, Supplier<String> text) {
        Button b = new Button(caption);
        b.setId(id);
        b.getStyleClass().add("copy-button");
        b.setFocusTraversable(true);
        b.setTooltip(new Tooltip(caption + " to the clipboard, as shown"));
        b.setOnAction(e -> toClipboard(text.get()));
        return b;
    }
}
