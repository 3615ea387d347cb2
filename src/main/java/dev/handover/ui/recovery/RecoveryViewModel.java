package dev.handover.ui.recovery;

import dev.handover.run.FreezeLift;
import dev.handover.run.RepairRun;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.journal.Journal;
import dev.handover.journal.Who;
import dev.handover.ui.cluster.RecordedClusters;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.history.JournalSetting;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The recovery prompt: runs the journal says were left unfinished (the console died while writes
 * were frozen, a commit's outcome was unknown, the topology was left degraded), each with what to do —
 * resume writes on that primary, verify roles, take the remaining steps — until the operator
 * acknowledges it, which the journal records. The journal is read and appended to on the background
 * executor.
 *
 * <p>A run on a real cluster outlives the process, so the prompt reopens that run's cluster (through
 * {@link RecordedClusters}) and asks its backend, like {@code recover --release} and {@code recover
 * --repair} do: to lift the run's stale freeze ({@link StaleFreezeRelease}, after checking on the
 * cluster that the run committed nothing and no run holds the lock), or to bring the nodes to one
 * writable primary with every other node following it ({@link TopologyRepair}). A run is acknowledged by
 * itself only when writes flow again, or when every check of the repaired topology holds.
 */
public final class RecoveryViewModel {
    /** The note the journal keeps with a console acknowledgement. */
    static final String NOTE = "acknowledged in the console's recovery prompt";
    /**
     * Who acknowledges, in the journal's note, when the prompt lifts a freeze or repairs a topology itself
     * ({@link FreezeLift#note}, {@link RepairRun#note}).
     */
    static final String WHERE = "the console's recovery prompt";

    private final JournalSetting journal;
    private final Backends backends;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final RecordedClusters clusters;
    private final ObservableList<RecoveryItem> pending = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Note> note = new ReadOnlyObjectWrapper<>(new Note("", false));
    private final ObservableMap<String, Release> releases = FXCollections.observableHashMap();
    private final ObservableMap<String, Repair> repairs = FXCollections.observableHashMap();

    /** What "Release the stale freeze" did for one run: still going, released, or left frozen and why. */
    public record Release(State state, String text) {
        public enum State { RELEASING, RELEASED, LEFT, FAILED }
    }

    /**
     * What "Repair the topology" did for one run: still going; repaired (every check holds); still degraded,
     * with what was done, the steps left and the failed checks in {@code afterRun}; or failed before any of it.
     */
    public record Repair(State state, String summary, Optional<AfterRun> afterRun, Optional<RepairPlan> plan) {
        /** PLANNING and PLANNED come first: nothing is changed until the plan shown is confirmed. */
        public enum State { PLANNING, PLANNED, REPAIRING, REPAIRED, DEGRADED, FAILED }

        public Repair {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(afterRun, "afterRun");
            Objects.requireNonNull(plan, "plan");
        }

        public Repair(State state, String summary, Optional<AfterRun> afterRun) {
            this(state, summary, afterRun, Optional.empty());
        }

        /**
         * What the operator types to carry the plan out: the discard as {@code recover --discard} takes it when
         * anything is discarded, the primary's name when two nodes are or may become writable; empty when a
         * click is enough.
         */
        public Optional<String> confirmationWord() {
            return plan.flatMap(RepairPlan::confirmationWord);
        }
    }

    /** @param backends the registry: how each run's cluster writes positions, and whether it outlives its process */
    public RecoveryViewModel(JournalSetting journal, BackgroundExecutor executor, FxRelay relay, RecordedClusters clusters,
                             Backends backends) {
        this.backends = backends;
        this.journal = journal;
        this.executor = executor;
        this.relay = relay;
        this.clusters = clusters;
    }

    /** Look for runs needing action in the journal (off the FX thread). */
    public void load() {
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            pending.clear();
            return;
        }
        executor.execute(() -> {
            try {
                List<RecoveryItem> found = pendingIn(j.get());
                relay.run(() -> {
                    pending.setAll(found);
                    say("", false);
                });
            } catch (IOException | RuntimeException e) {
                String why = "Could not read the journal " + j.get().file() + " for unfinished runs: " + e.getMessage();
                relay.run(() -> say(why, true));
            }
        });
    }

    /** The operator has dealt with {@code item}: append the acknowledgement, then look again. */
    public void acknowledge(RecoveryItem item) {
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            try {
                j.get().acknowledge(item.runId(), Who.operator(), NOTE);
                List<RecoveryItem> found = pendingIn(j.get());
                relay.run(() -> {
                    pending.setAll(found);
                    say("Run " + item.runId() + " acknowledged in " + j.get().file(), false);
                });
            } catch (IOException | RuntimeException e) {
                String why = "Could not acknowledge run " + item.runId() + ": " + e.getMessage();
                relay.run(() -> say(why, true));
            }
        });
    }

    /**
     * Reopen the cluster {@code item} ran on and ask its backend to lift the freeze that run left on its
     * old primary (off the FX thread), with the same checks as {@code recover --release}. Released (or
     * already writable): the run is acknowledged in the journal. Refused or failed: the card says why
     * and waits for the operator.
     */
    public void releaseFreeze(RecoveryItem item) {
        if (!item.offersRelease() || busy(releases.get(item.runId()))) {
            return;
        }
        Optional<Journal> j = journal.get();
        releases.put(item.runId(), new Release(Release.State.RELEASING, "Releasing the freeze on " + item.run().primary()
                + " (" + item.cluster() + ")…"));
        executor.execute(() -> {
            FreezeLift.Lifted lifted;
            try (ClusterConnection cluster = clusters.open(item.cluster())) {
                lifted = FreezeLift.lift(cluster, item.run(), j, item.runId(), WHERE);
            } catch (ClusterException | RuntimeException e) {
                Release failed = new Release(Release.State.FAILED, "Could not release the freeze: " + e.getMessage()
                        + ". Nothing was changed by the console; resume by hand or try again.");
                relay.run(() -> releases.put(item.runId(), failed));
                return;
            }
            Release shown = shown(lifted, item);
            if (!(lifted instanceof FreezeLift.Lifted.WritesFlow flows) || j.isEmpty()) {
                relay.run(() -> releases.put(item.runId(), shown));
                return;
            }
            if (flows.notRecorded().isPresent()) {
                String why = shown.text() + ", but the journal could not record it: " + flows.notRecorded().get().getMessage()
                        + "; acknowledge by hand";
                relay.run(() -> releases.put(item.runId(), new Release(Release.State.LEFT, why)));
                return;
            }
            try {
                List<RecoveryItem> found = pendingIn(j.get());
                relay.run(() -> {
                    releases.put(item.runId(), shown);
                    pending.setAll(found);
                    say("Run " + item.runId() + ": " + shown.text() + "; acknowledged in " + j.get().file(), false);
                });
            } catch (IOException | RuntimeException e) {
                relay.run(() -> releases.put(item.runId(), shown)); // acknowledged; the list is read again on refresh
            }
        });
    }

    /** What the card says of a lift. */
    private static Release shown(FreezeLift.Lifted lifted, RecoveryItem item) {
        // Java 17 has no pattern switch; the three outcomes of the sealed type, in turn.
        if (lifted instanceof FreezeLift.Lifted.NotHere) {
            return new Release(Release.State.LEFT, item.cluster() + " cannot lift a freeze from the console; resume "
                    + "writes on " + item.run().primary() + " by hand, then acknowledge");
        }
        if (lifted instanceof FreezeLift.Lifted.WritesFlow flows) {
            return new Release(Release.State.RELEASED, (flows.wasFrozen() ? "" : "nothing to release: ") + flows.detail());
        }
        return new Release(Release.State.LEFT, "NOT RELEASED: the cluster does not show that nothing was committed, so "
                + item.run().primary() + " was left as it is: "
                + String.join("; ", ((FreezeLift.Lifted.Left) lifted).reasons()));
    }

    /**
     * Reopen the cluster {@code item} ran on and plan its repair from what the nodes show now (off the FX
     * thread), changing nothing: the card shows the plan — every node and what it becomes, the primary and
     * why, the steps, what would be discarded — until the operator confirms it ({@link #confirmRepair}).
     */
    public void repairTopology(RecoveryItem item) {
        if (!item.offersRepair() || busy(repairs.get(item.runId()))) {
            return;
        }
        repairs.put(item.runId(), new Repair(Repair.State.PLANNING, "Reading every node of " + item.cluster()
                + " to plan the repair…", Optional.empty()));
        executor.execute(() -> {
            Repair result;
            try (ClusterConnection cluster = clusters.open(item.cluster())) {
                Optional<TopologyRepair> repair = cluster.topologyRepair();
                if (repair.isEmpty()) {
                    result = new Repair(Repair.State.FAILED, item.cluster() + " cannot be repaired from the console; check "
                            + "its roles by hand, then acknowledge", Optional.empty());
                } else {
                    RepairPlan plan = repair.get().plan(Optional.empty());
                    result = plan.actionable()
                            ? new Repair(Repair.State.PLANNED, "The plan, read from the nodes; nothing is changed until you "
                            + "confirm it", Optional.empty(), Optional.of(plan))
                            : new Repair(Repair.State.FAILED, "NOT REPAIRED, nothing was changed: "
                            + String.join("; ", plan.refusals()), Optional.empty(), Optional.of(plan));
                }
            } catch (ClusterException | RuntimeException e) {
                result = new Repair(Repair.State.FAILED, "Could not plan the repair: " + e.getMessage()
                        + ". Check the cluster table, then try again or take the steps by hand.", Optional.empty());
            }
            Repair shown = result;
            relay.run(() -> repairs.put(item.runId(), shown));
        });
    }

    /**
     * Carry out the plan shown for {@code item}, when {@code typed} is its confirmation word (or the plan needs
     * none): the backend plans again and acts only if that plan still discards exactly what was shown. Every
     * step is journaled under the run. Every check holds: the run is acknowledged.
     */
    public void confirmRepair(RecoveryItem item, String typed) {
        Repair planned = repairs.get(item.runId());
        if (planned == null || planned.state() != Repair.State.PLANNED || planned.plan().isEmpty()) {
            return;
        }
        Optional<String> word = planned.confirmationWord();
        if (word.isPresent() && !word.get().equals(typed == null ? "" : typed.trim())) {
            repairs.put(item.runId(), new Repair(Repair.State.PLANNED, "Not confirmed: type \"" + word.get()
                    + "\" exactly to carry out this plan; nothing was changed", Optional.empty(), planned.plan()));
            return;
        }
        RepairPlan plan = planned.plan().get();
        RepairApproval approval = RepairRun.approvalOf(plan);
        Optional<Journal> j = journal.get();
        repairs.put(item.runId(), new Repair(Repair.State.REPAIRING, "Repairing the topology of " + item.cluster()
                + " as planned…", Optional.empty(), planned.plan()));
        executor.execute(() -> {
            Repair shown;
            boolean acknowledged = false;
            try (ClusterConnection cluster = clusters.open(item.cluster())) {
                Optional<TopologyRepair> repair = cluster.topologyRepair();
                if (repair.isEmpty()) {
                    shown = new Repair(Repair.State.FAILED, item.cluster() + " cannot be repaired from the console; check "
                            + "its roles by hand, then acknowledge", Optional.empty());
                } else {
                    RepairRun.Repaired repaired = RepairRun.carryOut(repair.get(), plan, approval, j, item.runId(), WHERE);
                    shown = shown(repaired);
                    acknowledged = j.isPresent() && repaired.verdict() == RepairRun.Verdict.REPAIRED
                            && repaired.notRecorded().isEmpty();
                }
            } catch (ClusterException | IOException | RuntimeException e) {
                shown = new Repair(Repair.State.FAILED, "Could not repair the topology: " + e.getMessage()
                        + ". Check the cluster table, then try again or take the steps by hand.", Optional.empty());
            }
            Repair result = shown;
            if (!acknowledged) {
                relay.run(() -> repairs.put(item.runId(), result));
                return;
            }
            List<RecoveryItem> found;
            try {
                found = pendingIn(j.get());
            } catch (IOException | RuntimeException e) {
                found = null;
            }
            List<RecoveryItem> now = found;
            relay.run(() -> {
                repairs.put(item.runId(), result);
                if (now != null) {
                    pending.setAll(now);
                }
                say("Run " + item.runId() + ": " + result.summary() + "; acknowledged in " + j.get().file(), false);
            });
        });
    }

    /** The card's words for how a repair went. */
    private static Repair shown(RepairRun.Repaired r) {
        return switch (r.verdict()) {
            case REPAIRED -> new Repair(Repair.State.REPAIRED, "Repaired: every check holds" + r.notRecorded()
                    .map(e -> ", but the journal could not record it: " + e.getMessage() + "; acknowledge by hand").orElse(""),
                    Optional.of(r.afterRun()));
            case DEGRADED, UNSETTLED -> new Repair(Repair.State.DEGRADED, "NOT REPAIRED: " + (r.primarySettled()
                    ? "the topology is still degraded" : "no primary could be settled on")
                    + "; take the remaining steps, then acknowledge", Optional.of(r.afterRun()));
        };
    }

    private static boolean busy(Release r) {
        return r != null && r.state() == Release.State.RELEASING;
    }

    private static boolean busy(Repair r) {
        return r != null && (r.state() == Repair.State.REPAIRING || r.state() == Repair.State.PLANNING);
    }

    private List<RecoveryItem> pendingIn(Journal j) throws IOException {
        // positions worded as each run's cluster writes them, from the name its record keeps; a real cluster (one that
        // outlives its process) is offered a release or a repair, as its kind declares, never by the name's prefix
        return j.pendingRecoveries(backends::positionsOf).stream()
                .map(r -> RecoveryItem.of(r, !backends.endedWithItsProcess(r.cluster()))).toList();
    }

    /** What a release did, by run id; the prompt shows it on the run's card. */
    public ObservableMap<String, Release> releases() {
        return releases;
    }

    /** What a repair did, by run id; the prompt shows it on the run's card. */
    public ObservableMap<String, Repair> repairs() {
        return repairs;
    }

    /** Runs needing action, oldest first. */
    public ObservableList<RecoveryItem> pending() {
        return pending;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the prompt last did, and whether it failed: the console's log colours it from this, not from its words. */
    public ReadOnlyObjectProperty<Note> noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** A line the prompt says: {@code failed} when what it tried did not happen. */
    public record Note(String text, boolean failed) {
    }

    private void say(String text, boolean failed) {
        note.set(new Note(text, failed));
        message.set(text);
    }
}
