package dev.handover.ui;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The console's keys, in one place: the window installs them, menus and tooltips name them. */
public final class ConsoleKeys {
    public static final KeyCombination START = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination ABORT = new KeyCodeCombination(KeyCode.ESCAPE);
    public static final KeyCombination ABORT_ALT = new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.F5);
    public static final KeyCombination TARGETS = new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination LARGER = new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination SMALLER = new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination NORMAL_SIZE = new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination DARK = new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private ConsoleKeys() {
    }
}
