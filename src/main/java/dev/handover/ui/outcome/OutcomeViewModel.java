package dev.handover.ui.outcome;

import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.NodeRole;
import dev.handover.run.RunEnd;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClientStall;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome panel: what happened in one line, what it means, the term, the roles, and how long
 * writes were frozen. Unknown and still-frozen outcomes are worded to be acted on, not admired. On a
 * backend that reads the topology back (PostgreSQL) the commit's steps with their times, any steps left
 * for a person, every check and the roles as seen follow ({@link #showAfterRun}); a degraded topology
 * turns a committed outcome red. Positions read as the run's cluster writes them. The after-run evidence is
 * worded by {@link AfterRunText}, a failed run by {@link FailureText}.
 */
public final class OutcomeViewModel {
    private final ReadOnlyObjectWrapper<OutcomeKind> kind = new ReadOnlyObjectWrapper<>(OutcomeKind.NONE);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No handover yet");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(
            "Pick a target and a mode, check the preflight, then Start.");
    private final ReadOnlyStringWrapper term = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper roles = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper frozen = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper check = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper checkLoud = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<AfterRunLine> afterRun = FXCollections.observableArrayList();
    private final ObservableList<String> remaining = FXCollections.observableArrayList();
    private final StaleNote stale = new StaleNote();
    private final ReadOnlyStringWrapper endedAt = new ReadOnlyStringWrapper("");
    private FailoverRequest shownRequest;
    private RunEnd shownResult;
    private Positions positions = Positions.PLAIN;
    /** The write-unavailability window as {@link #show} worded it, for the client stall to go beside. */
    private String frozenWindow = "";

    /** Back to before any run, e.g. on another scenario. */
    public void reset() {
        kind.set(OutcomeKind.NONE);
        headline.set("No handover yet");
        detail.set("Pick a target and a mode, check the preflight, then Start.");
        term.set("");
        roles.set("");
        frozen.set("");
        clearAfterRun();
    }

    public void clear() {
        kind.set(OutcomeKind.NONE);
        headline.set("Run in progress");
        detail.set("The outcome shows here when the run ends.");
        term.set("");
        roles.set("");
        frozen.set("");
        clearAfterRun();
    }

    private void clearAfterRun() {
        stale.reset(Optional.empty());
        endedAt.set("");
        check.set("");
        checkLoud.set(false);
        afterRun.clear();
        remaining.clear();
    }

    /**
     * A commit happened on a backend that reads the topology back: the verification is on its way, and
     * until it comes the roles are not claimed.
     */
    public void awaitAfterRun() {
        check.set("Verifying the new primary and its standbys…");
        checkLoud.set(false);
        afterRun.clear();
        remaining.clear();
        roles.set("Roles: being read back from the nodes…");
    }

    /**
     * What the backend read back after the commit: the commit's steps, the steps left by hand, every check,
     * and the roles as seen (they replace the ones the coordinator meant to hand out). A degraded topology
     * turns a committed outcome red: committed, topology degraded, with the exact remaining steps.
     */
    public void showAfterRun(AfterRun a) {
        // Beside the write-unavailability window: how long clients in front of the cluster waited, as measured there.
        a.clientStall().ifPresent(s -> frozen.set(frozenWindow + " · " + s.text() + " · " + ClientStall.FAILED_REQUESTS));
        // The steps left by hand go right under the check line; the rest (what was done, every check) below.
        List<AfterRunLine> shown = new ArrayList<>(AfterRunText.doneLines(a));
        shown.addAll(AfterRunText.checkLines(a));
        afterRun.setAll(shown);
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < a.remaining().size(); i++) {
            steps.add((i + 1) + ". " + a.remaining().get(i));
        }
        remaining.setAll(steps);
        long failed = a.checks().stream().filter(TopologyCheck::degrades).count();
        if (shownRequest != null) {
            roles.set(AfterRunText.rolesText(a, shownRequest));
        }
        if (!a.remaining().isEmpty()) {
            check.set("REMAINING STEPS BY HAND (" + a.remaining().size() + "), in order:");
        } else if (failed > 0) {
            check.set("VERIFICATION FAILED: " + failed + " of " + a.checks().size() + " checks, listed below");
        } else {
            check.set("Verified: " + a.checks().size() + " checks of the new topology held (new primary writable, "
                    + "every other node streaming from it)");
        }
        checkLoud.set(a.degraded());
        if (a.degraded() && shownResult instanceof RunEnd.Handed h) {
            showDegraded(h.outcome(), a, failed);
        }
    }

    /** Committed, but the cluster is not fully replicated: as loud as an unknown outcome, and exact about why. */
    private void showDegraded(FailoverOutcome o, AfterRun a, long failed) {
        String target = shownRequest.target().id();
        List<String> notStreaming = a.roles().stream()
                .filter(r -> !r.node().equals(target) && !AfterRunText.streamsFrom(r, shownRequest, o.newTerm()))
                .map(ObservedRole::node).toList();
        String head = "COMMITTED, TOPOLOGY DEGRADED: " + (notStreaming.isEmpty()
                ? (a.remaining().isEmpty() ? failed + " check(s) failed" : a.remaining().size() + " step(s) left by hand")
                : String.join(", ", notStreaming) + (notStreaming.size() == 1 ? " is" : " are") + " not streaming from "
                  + target);
        Positions p = positions;
        String how = o.isZeroRpo()
                ? target + " took over at the frozen frontier (" + p.noun() + " " + p.position(o.frontierLsn())
                  + "): no acknowledged write was lost."
                : target + " was forced in at " + p.noun() + " " + p.position(o.reachedLsn()) + ", " + p.amount(o.skippedLsn())
                  + " short of the frontier: those acknowledged writes are lost.";
        set(OutcomeKind.DEGRADED, head, how + " But the cluster is not fully replicated: "
                + (a.remaining().isEmpty() ? "" : "take the " + a.remaining().size() + " remaining step(s) below, in order, ")
                + (a.remaining().isEmpty() ? "fix what the failed checks below name, " : "")
                + "then check that every node streams from " + target + ". The run stays listed for recovery until "
                + "acknowledged.");
    }

    /** The backend's evidence as lines with their tone, in the order it happened: for the event log ({@link AfterRunText}). */
    public static List<AfterRunLine> lines(AfterRun a) {
        return AfterRunText.lines(a);
    }


    /**
     * @param request   what was asked
     * @param result    how it ended
     * @param writesFrozen how long writes were frozen: the run's one figure, which the debrief shows too
     */
    public void show(FailoverRequest request, RunEnd result, FreezeSpan writesFrozen) {
        show(request, result, writesFrozen, Positions.PLAIN);
    }

    /** The same, positions worded as the run's cluster writes them ({@code positions}). */
    public void show(FailoverRequest request, RunEnd result, FreezeSpan writesFrozen, Positions positions) {
        show(request, result, writesFrozen, positions, Optional.empty());
    }

    /**
     * The same, judged against the operator's freeze budget: a zero-RPO handover whose writes stayed frozen
     * longer than {@code freezeBudget} reads amber, "committed, writes frozen 44s (budget 5s)".
     */
    public void show(FailoverRequest request, RunEnd result, FreezeSpan writesFrozen, Positions positions,
                     Optional<Duration> freezeBudget) {
        this.positions = positions;
        Positions p = positions;
        shownRequest = request;
        shownResult = result;
        String primary = request.oldPrimary().id();
        String target = request.target().id();
        frozenWindow = writesFrozen instanceof FreezeSpan.Never ? "Writes were never frozen"
                : writesFrozen instanceof FreezeSpan.NotResumed ? "Writes were frozen and have NOT been resumed"
                : "Writes were frozen for " + writesFrozen.text();
        frozen.set(frozenWindow);
        term.set("Term " + request.currentTerm() + " (unchanged)");
        roles.set(primary + " primary · " + target + " replica (unchanged)");

        endedAt.set("Run ended at " + java.time.LocalTime.now().format(ENDED_AT));
        stale.reset(result instanceof RunEnd.Handed ? Optional.of(target) : Optional.empty());
        if (result instanceof RunEnd.Handed h) {
            FailoverOutcome o = h.outcome();
            term.set("Term " + request.currentTerm() + " → " + o.newTerm());
            roles.set(target + " " + roleText(o.roles().newPrimary(), request) + " · " + primary + " "
                    + roleText(o.roles().oldPrimary(), request));
            Optional<Duration> over = freezeBudget.filter(b -> writesFrozen.length().filter(d -> d.compareTo(b) > 0)
                    .isPresent());
            if (o.isZeroRpo() && over.isPresent()) {
                set(OutcomeKind.ZERO_RPO_OVER_BUDGET, "Committed, writes frozen " + writesFrozen.text() + " (budget "
                                + Durations.format(over.get()) + "): " + target + " is primary",
                        target + " reached the frozen frontier (" + p.noun() + " " + p.position(o.frontierLsn()) + ") before the commit: "
                                + "no acknowledged write was lost. But clients waited " + writesFrozen.text()
                                + ", longer than the freeze budget of " + Durations.format(over.get()) + ".");
            } else if (o.isZeroRpo()) {
                set(OutcomeKind.ZERO_RPO, "Zero-RPO handover: " + target + " is primary",
                        target + " reached the frozen frontier (" + p.noun() + " " + p.position(o.frontierLsn()) + ") before the commit: "
                                + "no acknowledged write was lost.");
            } else {
                set(OutcomeKind.FORCED, "Forced handover, data lost: " + p.amount(o.skippedLsn()) + " skipped",
                        target + " was promoted at " + p.noun() + " " + p.position(o.reachedLsn()) + ", short of the frontier "
                                + p.position(o.frontierLsn()) + ": acknowledged writes in those "
                                + p.amount(o.skippedLsn()) + " are lost.");
            }
        } else if (result instanceof RunEnd.Ended ended) {
            showFailure(ended.failure(), primary, target);
        } else if (result instanceof RunEnd.NotStarted n) {
            set(OutcomeKind.NOT_STARTED, "Could not start", n.why());
        } else if (result instanceof RunEnd.Broken b) {
            set(OutcomeKind.UNKNOWN, "Outcome unknown: verify the cluster", "the run failed unexpectedly ("
                    + (b.failure().getMessage() == null ? b.failure().getClass().getSimpleName() : b.failure().getMessage())
                    + "). Verify which node is primary and under which term, and whether writes are frozen on " + primary + ".");
            term.set("Term: verify");
            roles.set("Roles: verify");
        }
    }

    private void showFailure(FailoverException e, String primary, String target) {
        FailureText.of(e, primary, target, positions).ifPresent(f -> {
            set(f.kind(), f.headline(), f.detail());
            f.term().ifPresent(term::set);
            f.roles().ifPresent(roles::set);
            f.frozen().ifPresent(frozen::set);
        });
    }


    private static final java.time.format.DateTimeFormatter ENDED_AT = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * A fresh cluster status: when the outcome made a node primary and the cluster now shows another one (a
     * switchover or failover outside the console), the outcome is marked stale, naming the primary shown now,
     * instead of still saying, green, that its target is primary; the mark goes when it is primary again.
     */
    public void observe(dev.handover.cluster.ClusterSnapshot s) {
        stale.observe(s);
    }

    /** Non-empty while the cluster's primary is not what this outcome made primary: say so over it. */
    public ReadOnlyStringProperty staleProperty() {
        return stale.textProperty();
    }

    /** When the shown run ended ("Run ended at 02:31:05"); empty before a run. */
    public ReadOnlyStringProperty endedAtProperty() {
        return endedAt.getReadOnlyProperty();
    }

    private static String roleText(NodeRole role, FailoverRequest request) {
        if (role instanceof NodeRole.Replica r) {
            String upstream = r.primaryAddr().equals(request.target().addr()) ? request.target().id() : r.primaryAddr();
            return "replica of " + upstream;
        }
        return "primary";
    }


    private void set(OutcomeKind k, String head, String text) {
        kind.set(k);
        headline.set(head);
        detail.set(text);
    }

    /** The whole outcome as shown, one line each, for "Copy outcome". */
    public String text() {
        List<String> out = new ArrayList<>();
        for (String line : List.of(stale.textProperty().get(), headline.get(), endedAt.get(), check.get())) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        out.addAll(remaining);
        for (String line : List.of(detail.get(), term.get(), roles.get(), frozen.get())) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        afterRun.forEach(l -> out.add(l.text()));
        return String.join("\n", out);
    }

    /** The steps left by hand, one a line, numbered as shown, for "Copy steps". */
    public String stepsText() {
        return String.join("\n", remaining);
    }

    public ReadOnlyObjectProperty<OutcomeKind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty termProperty() {
        return term.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rolesProperty() {
        return roles.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty frozenProperty() {
        return frozen.getReadOnlyProperty();
    }

    /** One line on the PostgreSQL verification; empty on a simulated cluster. */
    public ReadOnlyStringProperty checkProperty() {
        return check.getReadOnlyProperty();
    }

    /** Steps are left for a person, or a check failed. */
    public ReadOnlyBooleanProperty checkLoudProperty() {
        return checkLoud.getReadOnlyProperty();
    }

    /** The commit's steps with their times and every check; empty on a simulated cluster. */
    public ObservableList<AfterRunLine> afterRun() {
        return afterRun;
    }

    /** The exact steps left for a person, numbered, in order; empty when there are none. */
    public ObservableList<String> remaining() {
        return remaining;
    }
}
