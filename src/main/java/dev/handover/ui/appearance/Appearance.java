package dev.handover.ui.appearance;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.css.PseudoClass;
import javafx.scene.Node;

import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * How the console looks: light or dark, and the text size in steps (Ctrl+= / Ctrl+- / Ctrl+0). Applied as
 * pseudo-classes on a scene's root ({@code :dark}, {@code :font-125}) that console.css styles, so every scene
 * the console opens (the window, its dialogs) looks the same; remembered in a {@link SettingsFile}.
 */
public final class Appearance {
    /** The text sizes offered, in percent of the normal size. */
    public static final List<Integer> SIZES = List.of(80, 90, 100, 110, 125, 140, 160);
    static final String THEME = "theme";
    static final String FONT = "fontPercent";
    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");

    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final IntegerProperty fontPercent = new SimpleIntegerProperty(100);
    private final SettingsFile settings;
    private final Executor saver;
    private final Consumer<String> trouble;

    /**
     * @param settings where the choice is kept between starts
     * @param saver    runs the save off the FX thread (the console's background executor)
     * @param trouble  told when the choice could not be saved (it still applies for this session)
     */
    public Appearance(SettingsFile settings, Executor saver, Consumer<String> trouble) {
        this(settings, settings.load(), saver, trouble);
    }

    /**
     * The same, with {@code saved} already read from {@code settings}: the console's start reads the file on a
     * background thread while the toolkit starts, so the FX thread never waits on the disk.
     */
    public Appearance(SettingsFile settings, Properties saved, Executor saver, Consumer<String> trouble) {
        this.settings = settings;
        this.saver = saver;
        this.trouble = trouble;
        dark.set(darkIn(saved));
        fontPercent.set(SettingsFile.value(saved, FONT).flatMap(Appearance::size).orElse(100));
        dark.addListener((obs, was, now) -> save());
        fontPercent.addListener((obs, was, now) -> save());
    }

    /** The theme {@code saved} asks for (the start screen's colours, before the console is built). */
    public static boolean darkIn(Properties saved) {
        return SettingsFile.value(saved, THEME).map("dark"::equalsIgnoreCase).orElse(false);
    }

    private static java.util.Optional<Integer> size(String text) {
        try {
            int v = Integer.parseInt(text);
            return SIZES.contains(v) ? java.util.Optional.of(v) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty(THEME, dark.get() ? "dark" : "light");
        p.setProperty(FONT, Integer.toString(fontPercent.get()));
        saver.execute(() -> {
            try {
                settings.save(p);
            } catch (IOException | RuntimeException e) {
                trouble.accept("Could not remember the theme and text size in " + settings.file() + ": " + e.getMessage());
            }
        });
    }

    /** Styles {@code root} (a scene's root) as chosen now, and follows later choices. */
    public void applyTo(Node root) {
        Runnable show = () -> {
            root.pseudoClassStateChanged(DARK, dark.get());
            for (int s : SIZES) {
                root.pseudoClassStateChanged(PseudoClass.getPseudoClass("font-" + s), s != 100 && s == fontPercent.get());
            }
        };
        show.run();
        dark.addListener((obs, was, now) -> show.run());
        fontPercent.addListener((obs, was, now) -> show.run());
    }

    public void larger() {
        int i = SIZES.indexOf(fontPercent.get());
        fontPercent.set(SIZES.get(Math.min(SIZES.size() - 1, i + 1)));
    }

    public void smaller() {
        int i = SIZES.indexOf(fontPercent.get());
        fontPercent.set(SIZES.get(Math.max(0, i - 1)));
    }

    public void normalSize() {
        fontPercent.set(100);
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    public IntegerProperty fontPercentProperty() {
        return fontPercent;
    }
}
