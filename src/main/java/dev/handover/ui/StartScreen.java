package dev.handover.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Border;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.BorderStrokeStyle;
import javafx.scene.layout.BorderWidths;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * What the console's window shows while the console itself is being built: the same frame (the world band, the dark
 * tool bar, the form column, the main area, the status bar) in the same colours, the cluster's name and "Loading…".
 * Made of panes and text only, no control and no style sheet, so its first frame costs neither the controls' classes
 * nor the default theme's style sheet: the window appears about as soon as the toolkit is up.
 */
final class StartScreen {
    static final String ID = "startScreen";
    private final BorderPane root = new BorderPane();
    private final Text status = new Text();

    /**
     * @param cluster    the cluster as the command line names it ({@code sim:healthy}, {@code pg:prod.json})
     * @param simulation whether that is a simulation (blue band) or a real cluster (red band)
     * @param dark       the dark theme the operator chose last time (read already), else light
     */
    StartScreen(String cluster, boolean simulation, boolean dark) {
        Color ground = dark ? Color.web("#16191e") : Color.web("#f3f4f6");
        Color panel = dark ? Color.web("#1f2329") : Color.WHITE;
        Color border = dark ? Color.web("#3a404a") : Color.web("#d6d9de");
        Color text = dark ? Color.web("#e6e9ee") : Color.web("#1f2933");
        Color muted = dark ? Color.web("#9aa3af") : Color.web("#6b7280");
        root.setId(ID);
        root.setBackground(fill(ground));

        // The band says which world this is from the first frame on, as the console's does.
        Color bandFill = simulation ? (dark ? Color.web("#1d2f55") : Color.web("#dbe7ff")) : Color.web("#b42318");
        Color bandText = simulation ? (dark ? Color.web("#cfe0ff") : Color.web("#143a8c")) : Color.WHITE;
        Text kind = text(simulation ? "SIMULATION" : "REAL CLUSTER", FontWeight.BOLD, 14,
                simulation ? Color.WHITE : Color.web("#b42318"));
        StackPane kindChip = new StackPane(kind);
        kindChip.setPadding(new Insets(1, 8, 1, 8));
        kindChip.setBackground(new Background(new BackgroundFill(simulation ? Color.web(dark ? "#3d6fd9" : "#2457c5")
                : Color.WHITE, new CornerRadii(3), Insets.EMPTY)));
        Pane spring = new Pane();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox band = new HBox(10, kindChip, text("Opening the cluster…", FontWeight.BOLD, 13, bandText), spring,
                text(cluster, FontWeight.BOLD, 12, bandText));
        band.setAlignment(Pos.CENTER_LEFT);
        band.setPadding(new Insets(5, 10, 5, 10));
        band.setBackground(fill(bandFill));

        HBox toolbar = new HBox(text("Handover", FontWeight.BOLD, 16, Color.web("#e5e7eb")));
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(6, 10, 6, 10));
        toolbar.setMinHeight(38);
        toolbar.setBackground(fill(Color.web("#1f2933")));
        root.setTop(new VBox(band, toolbar));

        // The form column and the main area as empty panels where the console's will be.
        Region form = panel(panel, border);
        form.setPrefWidth(340);
        form.setMinWidth(300);
        status.setText("Loading the console…");
        status.setFont(Font.font("System", FontWeight.NORMAL, 15));
        status.setFill(muted);
        StackPane main = new StackPane(status);
        main.setBackground(new Background(new BackgroundFill(panel, CornerRadii.EMPTY, Insets.EMPTY)));
        main.setBorder(new Border(new BorderStroke(border, BorderStrokeStyle.SOLID, CornerRadii.EMPTY, BorderWidths.DEFAULT)));
        HBox.setHgrow(main, Priority.ALWAYS);
        HBox body = new HBox(8, form, main);
        body.setPadding(new Insets(8, 6, 6, 6));
        root.setCenter(body);

        HBox statusBar = new HBox(text("Opening " + cluster + "…", FontWeight.NORMAL, 12, text));
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.setPadding(new Insets(4, 8, 4, 8));
        statusBar.setBackground(fill(dark ? Color.web("#2a2f37") : Color.web("#e5e7eb")));
        root.setBottom(statusBar);
    }

    Parent root() {
        return root;
    }

    /** What the main area says now (e.g. while a password is asked for). */
    void say(String what) {
        status.setText(what);
    }

    private static Text text(String s, FontWeight weight, double size, Color color) {
        Text t = new Text(s);
        t.setFont(Font.font("System", weight, size));
        t.setFill(color);
        return t;
    }

    private static Region panel(Color fill, Color border) {
        Region r = new Region();
        r.setBackground(new Background(new BackgroundFill(fill, CornerRadii.EMPTY, Insets.EMPTY)));
        r.setBorder(new Border(new BorderStroke(border, BorderStrokeStyle.SOLID, CornerRadii.EMPTY, BorderWidths.DEFAULT)));
        return r;
    }

    private static Background fill(Color c) {
        return new Background(new BackgroundFill(c, CornerRadii.EMPTY, Insets.EMPTY));
    }
}
