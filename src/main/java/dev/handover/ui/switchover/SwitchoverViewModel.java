package dev.handover.ui.switchover;

import dev.handover.cluster.Candidate;
import dev.handover.cluster.CandidateRanking;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.RunLimits;
import dev.handover.run.HandoverPlanner;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The switchover form: ranked targets, mode, deadline, poll interval, the preflight checklist,
 * and whether Start may be pressed (and if not, why). Recomputed whenever an input or the cluster
 * snapshot changes; all on the FX thread, no controls.
 */
public final class SwitchoverViewModel {
    /** Why Start is disabled while a schedule waits. */
    public static final String SCHEDULED = "A switchover is scheduled: the form is locked until it fires; Cancel it to "
            + "change the form or to start now";
    private final Preflight preflight;
    private final Supplier<Optional<Duration>> freezeLease;
    private final ObservableList<Candidate> candidates = FXCollections.observableArrayList();
    private final ObservableList<PreflightCheck> checks = FXCollections.observableArrayList();
    private final ObservableList<String> suggestions = FXCollections.observableArrayList();
    private final StringProperty targetId = new SimpleStringProperty();
    private final ObjectProperty<ModeKind> mode = new SimpleObjectProperty<>(ModeKind.COORDINATED);
    private final StringProperty deadlineText = new SimpleStringProperty("30s");
    private final StringProperty pollText = new SimpleStringProperty("10ms");
    private final StringProperty freezeBudgetText = new SimpleStringProperty(
            dev.handover.core.Durations.format(Preflight.DEFAULT_FREEZE_BUDGET));
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty scheduled = new SimpleBooleanProperty(false);
    /** The pointer is over the target list: keep its order, so a click lands on the node it was aimed at. */
    private final BooleanProperty holdOrder = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper targetError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper deadlineError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pollError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper freezeBudgetError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper targetReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper forceWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper deadlineLabel = new ReadOnlyStringWrapper(ModeKind.COORDINATED.deadlineLabel());
    private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper overridable = new ReadOnlyBooleanWrapper(false);
    private ClusterSnapshot snapshot = new ClusterSnapshot(List.of());
    /** The backend's probes of the cluster for {@link #probedTarget}, as the last probe of it found them. */
    private List<PreflightCheck> probes = List.of();
    private String probedTarget;
    private Duration deadline;
    private Duration poll;
    private Duration freezeBudget;
    private final RequesterFields who = new RequesterFields();

    public SwitchoverViewModel(Preflight preflight) {
        this(preflight, Optional::empty);
    }

    /** @param freezeLease the cluster's freeze lease now (it changes with the scenario), for {@link PollRule} */
    public SwitchoverViewModel(Preflight preflight, Supplier<Optional<Duration>> freezeLease) {
        this.preflight = preflight;
        this.freezeLease = freezeLease;
        ChangeListener<Object> revalidate = (obs, was, now) -> revalidate();
        targetId.addListener(revalidate);
        mode.addListener(revalidate);
        deadlineText.addListener(revalidate);
        pollText.addListener(revalidate);
        freezeBudgetText.addListener(revalidate);
        who.errorProperty().addListener(revalidate);
        holdOrder.addListener((obs, was, held) -> {
            if (!held) {
                update(snapshot);
            }
        });
        busy.addListener(revalidate);
        scheduled.addListener(revalidate);
        revalidate();
    }

    /**
     * A fresh cluster snapshot: re-rank the targets and re-run the preflight. While the order is held, each target keeps
     * its place with its new reading and rank; the new order shows when the hold ends.
     */
    public void update(ClusterSnapshot s) {
        snapshot = s;
        List<Candidate> ranked = CandidateRanking.rank(s);
        List<Candidate> shown = holdOrder.get() ? inShownOrder(ranked) : ranked;
        if (!shown.equals(candidates)) {
            candidates.setAll(shown);
        }
        revalidate();
    }

    /** {@code ranked} in the order on screen: each target where it is, a new one at the end, a gone one dropped. */
    private List<Candidate> inShownOrder(List<Candidate> ranked) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        ranked.forEach(c -> byId.put(c.id(), c));
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : candidates) {
            Candidate now = byId.remove(c.id());
            if (now != null) {
                out.add(now);
            }
        }
        out.addAll(byId.values());
        return out;
    }

    /** True while the target list's order is held (the view holds it while the pointer is over the list). */
    public BooleanProperty holdOrderProperty() {
        return holdOrder;
    }

    private void revalidate() {
        ModeKind m = mode.get() == null ? ModeKind.COORDINATED : mode.get();
        deadlineLabel.set(m.deadlineLabel());

        Optional<Candidate> target = selected();
        boolean picked = targetId.get() != null && !targetId.get().isBlank();
        targetError.set(picked && target.isEmpty()
                ? "Target " + targetId.get() + " is no longer a replica of this cluster" : "");
        targetReason.set(target.map(c -> "Target: " + c.id() + ", ranked #" + c.rank() + " of " + candidates.size()).orElse(""));

        // The CLI's --deadline and --poll: the same parser, the same ranges.
        deadline = read(Durations.parse(m.deadlineLabel(), deadlineText.get(), RunLimits.DEADLINE), deadlineError);
        poll = read(Durations.parse("Poll interval", pollText.get(), RunLimits.POLL), pollError);
        freezeBudget = read(Durations.parse("Freeze budget", freezeBudgetText.get(), RunLimits.FREEZE_BUDGET),
                freezeBudgetError);
        Optional<String> pastLease = poll == null ? Optional.empty()
                : PollRule.problem("Poll interval", poll, freezeLease.get()); // the CLI's rule too
        if (pastLease.isPresent()) {
            pollError.set(pastLease.get());
            poll = null;
        }

        List<PreflightCheck> lines = new java.util.ArrayList<>(target.isPresent() && deadline != null && freezeBudget != null
                ? preflight.check(snapshot, target.get().id(), m.with(deadline), freezeBudget)
                : List.of());
        List<PreflightCheck> probed = target.isPresent() && target.get().id().equals(probedTarget) ? probes : List.of();
        lines.addAll(probed);
        if (!lines.equals(checks)) {
            checks.setAll(lines);
        }
        // What would pass, once each, in the order the checks found them (a longer deadline, another target, Force).
        List<String> would = lines.stream().flatMap(c -> c.suggestions().stream()).distinct()
                .map(sg -> sg.text(snapshot.positions())).toList();
        if (!would.equals(suggestions)) {
            suggestions.setAll(would);
        }
        boolean preflightFails = Preflight.blocksCoordinated(lines);
        forceWarning.set(m == ModeKind.FORCE ? forceWarningText(target, preflightFails) : "");

        Optional<PreflightCheck> failedProbe = probed.stream().filter(PreflightCheck::failed).findFirst();
        blockedReason.set(!picked ? (busy.get() ? "A switchover is running" : scheduled.get() ? SCHEDULED : "Pick a target replica")
                : failedProbe.isPresent() && !busy.get() && !scheduled.get() ? "Probe failed: " + failedProbe.get().title() + ": " + failedProbe.get().why()
                : firstReason(m, preflightFails));
        canStart.set(blockedReason.get().isEmpty());
        // Only the preflight's verdict may be overridden (with a typed reason), never a bad field, a failed probe,
        // a run in progress or a waiting schedule.
        overridable.set(!canStart.get() && picked && target.isPresent() && failedProbe.isEmpty() && !busy.get()
                && !scheduled.get() && m == ModeKind.COORDINATED && preflightFails
                && targetError.get().isEmpty() && deadline != null && poll != null && freezeBudget != null
                && who.requester().isPresent());
    }

    private String firstReason(ModeKind m, boolean preflightFails) {
        if (busy.get()) {
            return "A switchover is running";
        }
        if (scheduled.get()) {
            return SCHEDULED;
        }
        for (String e : List.of(targetError.get(), deadlineError.get(), pollError.get(), freezeBudgetError.get(),
                who.errorProperty().get())) {
            if (!e.isEmpty()) {
                return e;
            }
        }
        if (m == ModeKind.COORDINATED && preflightFails) {
            return "Preflight failed: a coordinated run would not succeed, or would freeze writes past the budget. "
                    + "What would pass is listed under the checklist";
        }
        return "";
    }

    private static String forceWarningText(Optional<Candidate> target, boolean preflightFails) {
        String who = target.map(Candidate::id).orElse("the target");
        String base = "Force hands over when the timeout passes even if " + who + " has not caught up: the "
                + "acknowledged writes it is missing would be lost. You will be asked to confirm first.";
        return preflightFails ? "Preflight fails. " + base : base;
    }

    private static Duration read(Durations.Parsed parsed, ReadOnlyStringWrapper error) {
        if (parsed instanceof Durations.Ok ok) {
            error.set("");
            return ok.value();
        }
        error.set(((Durations.Invalid) parsed).message());
        return null;
    }

    private Optional<Candidate> selected() {
        String id = targetId.get();
        return id == null ? Optional.empty() : candidates.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The request Start would send; empty when the form is not valid. */
    /**
     * What the backend's probes found for {@code target} (read-only checks of the cluster, run off the FX thread):
     * listed under the preflight while that target is picked; a failing one blocks Start in either mode.
     */
    public void probed(String target, List<PreflightCheck> found) {
        probedTarget = target;
        probes = List.copyOf(found);
        revalidate();
    }

    /** The request a run to the picked target would make now, for probing it; empty without a target or a primary. */
    public Optional<FailoverRequest> probeRequest() {
        Optional<Candidate> target = selected();
        if (target.isEmpty() || deadline == null) {
            return Optional.empty();
        }
        ModeKind m = mode.get() == null ? ModeKind.COORDINATED : mode.get();
        return HandoverPlanner.request(snapshot, target.get().id(), m.with(deadline));
    }

    public Optional<SwitchoverPlan> plan() {
        return canStart.get() ? build() : Optional.empty();
    }

    /**
     * The plan Start would run if the failing preflight were overridden ({@link #overridableProperty()}); the
     * caller asks the operator's reason before running it and records it ({@link SwitchoverPlan#withRunAnyway}).
     */
    public Optional<SwitchoverPlan> planAnyway() {
        return overridable.get() ? build() : Optional.empty();
    }

    /** Whether the plan's preflight fails: a start then needs the operator's typed reason. */
    public boolean preflightFails() {
        return Preflight.blocksCoordinated(checks);
    }

    private Optional<SwitchoverPlan> build() {
        return selected().flatMap(target -> HandoverPlanner.request(snapshot, target.id(), mode.get().with(deadline)))
                .flatMap(request -> who.requester().map(r -> new SwitchoverPlan(request, poll, snapshot, freezeBudget,
                        Optional.empty(), r)));
    }

    public ObservableList<Candidate> candidates() {
        return candidates;
    }

    public ObservableList<PreflightCheck> checks() {
        return checks;
    }

    /** When the preflight fails: the changes that would pass, as the operator reads them; empty otherwise. */
    public ObservableList<String> suggestions() {
        return suggestions;
    }

    /** How long writes may stay frozen: the preflight's freeze line warns above half of it and fails above it. */
    /** The form's Operator, Reason and Ticket. */
    public RequesterFields who() {
        return who;
    }

    public StringProperty freezeBudgetTextProperty() {
        return freezeBudgetText;
    }

    public ReadOnlyStringProperty freezeBudgetErrorProperty() {
        return freezeBudgetError.getReadOnlyProperty();
    }

    public StringProperty targetIdProperty() {
        return targetId;
    }

    public ObjectProperty<ModeKind> modeProperty() {
        return mode;
    }

    public StringProperty deadlineTextProperty() {
        return deadlineText;
    }

    public StringProperty pollTextProperty() {
        return pollText;
    }

    /** Set while a schedule waits (Schedule…): the form is read-only and Start disabled then. */
    public BooleanProperty scheduledProperty() {
        return scheduled;
    }

    /** Set while a run is in progress: the form is read-only then. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty targetErrorProperty() {
        return targetError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deadlineErrorProperty() {
        return deadlineError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pollErrorProperty() {
        return pollError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty targetReasonProperty() {
        return targetReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty forceWarningProperty() {
        return forceWarning.getReadOnlyProperty();
    }

    /** Why Start is disabled; empty when it is enabled. */
    public ReadOnlyStringProperty blockedReasonProperty() {
        return blockedReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty deadlineLabelProperty() {
        return deadlineLabel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStartProperty() {
        return canStart.getReadOnlyProperty();
    }

    /**
     * True when Start is blocked by the failing preflight alone (Coordinated): "Run anyway…" may then start it,
     * with a typed reason the run's record keeps.
     */
    public ReadOnlyBooleanProperty overridableProperty() {
        return overridable.getReadOnlyProperty();
    }

    /** Back to Coordinated after a run: Force is chosen for one run, never left armed for the next. */
    public void resetMode() {
        mode.set(ModeKind.COORDINATED);
    }
}
