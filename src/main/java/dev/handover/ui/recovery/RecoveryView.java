package dev.handover.ui.recovery;

import dev.handover.cluster.TopologyCheck;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.layout.HBox;
import javafx.fxml.FXML;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The recovery prompt: one summary line ("Runs need action: 1 here, 2 on other clusters") and, behind Show,
 * one card a run, with what to do and Acknowledge — and, for a run on a real cluster, Release the stale freeze
 * and Repair the topology, each with its result. The runs of the cluster on screen come first; a run of
 * another cluster says which. Shown only while there are some; folded, it takes one line of the form's column
 * (unfolded at once when a run on the real cluster on screen may have left writes frozen or roles half-moved).
 */
public final class RecoveryView {
    private final RecoveryViewModel viewModel;
    private final ObservableStringValue clusterOnScreen;

    @FXML
    private VBox panel;
    @FXML
    private VBox items;
    @FXML
    private Label message;
    @FXML
    private Label summary;
    @FXML
    private ToggleButton toggle;
    @FXML
    private VBox details;

    public RecoveryView(RecoveryViewModel viewModel) {
        this(viewModel, new javafx.beans.property.SimpleStringProperty(""));
    }

    /** @param clusterOnScreen the name the console's cluster is journaled under ({@code sim:healthy}, {@code pg:…}) */
    public RecoveryView(RecoveryViewModel viewModel, ObservableStringValue clusterOnScreen) {
        this.viewModel = viewModel;
        this.clusterOnScreen = clusterOnScreen;
    }

    @FXML
    private void initialize() {
        panel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.pending()));
        panel.managedProperty().bind(panel.visibleProperty());
        message.textProperty().bind(viewModel.messageProperty());
        viewModel.pending().addListener((ListChangeListener<RecoveryItem>) c -> showItems());
        viewModel.releases().addListener((MapChangeListener<String, RecoveryViewModel.Release>) c -> showItems());
        viewModel.repairs().addListener((MapChangeListener<String, RecoveryViewModel.Repair>) c -> showItems());
        clusterOnScreen.addListener((obs, was, now) -> showItems());
        details.visibleProperty().bind(toggle.selectedProperty());
        details.managedProperty().bind(details.visibleProperty());
        toggle.textProperty().bind(Bindings.when(toggle.selectedProperty()).then("Hide").otherwise("Show"));
        showItems();
    }

    private void showItems() {
        java.util.List<RecoveryItem> here = viewModel.pending().stream().filter(this::onScreen).toList();
        java.util.List<RecoveryItem> elsewhere = viewModel.pending().stream().filter(i -> !onScreen(i)).toList();
        java.util.List<Node> cards = new java.util.ArrayList<>();
        here.forEach(i -> cards.add(card(i)));
        elsewhere.forEach(i -> cards.add(card(i)));
        items.getChildren().setAll(cards);
        summary.setText(summaryText(here.size(), elsewhere.size()));
        // Folded is for a small window's sake, not to hide that the real cluster on screen may have writes
        // frozen or half-moved roles: such a run unfolds the prompt when it first appears.
        boolean urgent = here.stream().anyMatch(RecoveryView::urgent);
        if (urgent && !urgentShown) {
            toggle.setSelected(true);
        }
        urgentShown = urgent;
    }

    private boolean urgentShown;

    private static boolean urgent(RecoveryItem item) {
        return item.onRealCluster() && (item.action() == dev.handover.journal.RecoveryAction.RESUME_WRITES
                || item.action() == dev.handover.journal.RecoveryAction.VERIFY_ROLES);
    }

    private boolean onScreen(RecoveryItem item) {
        return item.cluster() != null && item.cluster().equals(clusterOnScreen.get());
    }

    /** "Runs need action: 2", "Runs need action: 1 here, 3 on other clusters", "…: 2 on other clusters". */
    static String summaryText(int here, int elsewhere) {
        String title = "Runs need action: ";
        if (elsewhere == 0) {
            return title + here;
        }
        String others = elsewhere + " on " + (elsewhere == 1 ? "another cluster" : "other clusters");
        return here == 0 ? title + others : title + here + " here, " + others;
    }

    private VBox card(RecoveryItem item) {
        Label headline = wrapped(item.headline(), "recovery-headline");
        Label advice = wrapped(item.advice(), "recovery-advice");
        Button ack = new Button("Acknowledge: done");
        ack.getStyleClass().add("recovery-ack");
        ack.setId("acknowledge-" + item.runId());
        ack.setOnAction(e -> {
            ack.setDisable(true);
            viewModel.acknowledge(item);
        });
        HBox buttons = new HBox(6, ack);
        VBox card = new VBox(4, headline, advice, buttons);
        if (!onScreen(item)) {
            // Not the cluster in this window: say whose run it is before what to do about it.
            Label whose = wrapped("Another cluster's run: " + item.cluster(), "recovery-elsewhere");
            whose.setId("recoveryElsewhere-" + item.runId());
            card.getChildren().add(0, whose);
        }
        // What the card tells you to do, as shown (a repair's result too), for a terminal or a ticket.
        buttons.getChildren().add(dev.handover.ui.copy.Copy.button("Copy steps", "copySteps-" + item.runId(),
                () -> cardText(card)));
        if (item.offersRelease()) {
            RecoveryViewModel.Release release = viewModel.releases().get(item.runId());
            Button releaseButton = new Button("Release the stale freeze");
            releaseButton.getStyleClass().add("recovery-release");
            releaseButton.setId("release-" + item.runId());
            releaseButton.setDisable(release != null && release.state() == RecoveryViewModel.Release.State.RELEASING);
            releaseButton.setOnAction(e -> viewModel.releaseFreeze(item));
            buttons.getChildren().add(0, releaseButton);
            if (release != null) {
                Label result = wrapped(release.text(), "recovery-release-result", "release-" + release.state().name().toLowerCase());
                result.setId("releaseResult-" + item.runId());
                card.getChildren().add(result);
            }
        }
        if (item.offersRepair()) {
            RecoveryViewModel.Repair repair = viewModel.repairs().get(item.runId());
            Button repairButton = new Button("Repair the topology");
            repairButton.getStyleClass().add("recovery-repair");
            repairButton.setId("repair-" + item.runId());
            repairButton.setDisable(repair != null && (repair.state() == RecoveryViewModel.Repair.State.REPAIRING
                    || repair.state() == RecoveryViewModel.Repair.State.PLANNING));
            if (repair != null && repair.state() == RecoveryViewModel.Repair.State.PLANNED) {
                repairButton.setText("Plan again");
            }
            repairButton.setOnAction(e -> viewModel.repairTopology(item));
            buttons.getChildren().add(buttons.getChildren().size() - 1, repairButton);
            if (repair != null) {
                card.getChildren().add(repairResult(item, repair));
            }
        }
        card.getStyleClass().addAll("recovery-item", "recovery-" + item.action().name().toLowerCase().replace('_', '-'));
        return card;
    }

    /** What a repair did, from its typed result: the summary, then done, the steps left and the failed checks. */
    private VBox repairResult(RecoveryItem item, RecoveryViewModel.Repair repair) {
        VBox box = new VBox(2, wrapped(repair.summary(), "recovery-repair-summary"));
        box.setId("repairResult-" + item.runId());
        box.getStyleClass().addAll("recovery-repair-result", "repair-" + repair.state().name().toLowerCase());
        repair.plan().ifPresent(plan -> {
            plan.nodes().forEach(f -> box.getChildren().add(wrapped("  " + f.now() + "  ->  " + f.becomes(), "recovery-repair-node")));
            plan.primary().ifPresent(p -> box.getChildren().add(wrapped("Primary: " + p + ": " + plan.why(), "recovery-repair-heading")));
            plan.hazards().forEach(h -> box.getChildren().add(wrapped("! " + h, "recovery-repair-failed-check")));
            for (int i = 0; i < plan.steps().size() && plan.actionable(); i++) {
                box.getChildren().add(wrapped((i + 1) + ". " + plan.steps().get(i), "recovery-repair-done"));
            }
            plan.discards().forEach(d -> box.getChildren().add(wrapped("WOULD DISCARD " + d.text(), "recovery-repair-failed-check")));
        });
        if (repair.state() == RecoveryViewModel.Repair.State.PLANNED) {
            javafx.scene.control.TextField typed = new javafx.scene.control.TextField();
            typed.setId("repairConfirm-" + item.runId());
            Optional<String> word = repair.confirmationWord();
            typed.setPromptText(word.map(w -> "type \"" + w + "\" to carry out this plan").orElse("no typing needed"));
            typed.setVisible(word.isPresent());
            typed.setManaged(word.isPresent());
            Button go = new Button("Carry out this plan");
            go.setId("repairGo-" + item.runId());
            go.getStyleClass().add("recovery-repair");
            go.setOnAction(e -> viewModel.confirmRepair(item, typed.getText()));
            box.getChildren().addAll(typed, go);
        }
        repair.afterRun().ifPresent(a -> {
            if (!a.done().isEmpty()) {
                box.getChildren().add(wrapped("Done:", "recovery-repair-heading"));
                a.done().forEach(step -> box.getChildren().add(wrapped("  " + step.text(), "recovery-repair-done")));
            }
            if (!a.remaining().isEmpty()) {
                box.getChildren().add(wrapped("REMAINING STEPS BY HAND (" + a.remaining().size() + "):", "recovery-repair-remaining"));
                for (int i = 0; i < a.remaining().size(); i++) {
                    box.getChildren().add(wrapped((i + 1) + ". " + a.remaining().get(i), "recovery-repair-remaining"));
                }
            }
            for (TopologyCheck c : a.failed()) {
                String seen = c.seen().isEmpty() ? "" : " (" + c.seen() + ")";
                box.getChildren().add(c.degrades()
                        ? wrapped("  FAILED  " + c.what() + seen, "recovery-repair-failed-check")
                        : wrapped("  note    " + c.what() + seen, "recovery-repair-note"));
            }
        });
        return box;
    }

    /** Every line of a card as shown, its buttons left out. */
    private static String cardText(VBox card) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        card.lookupAll(".label").forEach(n -> {
            if (n instanceof Label l && !(l.getParent() instanceof javafx.scene.control.ButtonBase) && !l.getText().isEmpty()) {
                lines.add(l.getText());
            }
        });
        return String.join("\n", lines);
    }

    private static Label wrapped(String text, String... styleClasses) {
        Label l = dev.handover.ui.copy.Copy.copyable(new Label(text));
        l.getStyleClass().addAll(styleClasses);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
