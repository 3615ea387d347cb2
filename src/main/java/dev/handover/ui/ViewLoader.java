package dev.handover.ui;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads an FXML view from {@code /fxml} with a controller factory. */
public final class ViewLoader {
    private ViewLoader() {
    }

    public static Parent load(String name, ControllerFactory controllers) {
        URL url = ViewLoader.class.getResource("/fxml/" + name);
        if (url == null) {
            throw new IllegalStateException("missing view /fxml/" + name + " on the class path");
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(controllers);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("could not load view /fxml/" + name + ": " + e.getMessage(), e);
        }
    }

    /** The console's style sheet, for every scene the console opens. */
    public static String styleSheet() {
        URL css = ViewLoader.class.getResource("/css/console.css");
        if (css == null) {
            throw new IllegalStateException("missing style sheet /css/console.css on the class path");
        }
        return css.toExternalForm();
    }
}
