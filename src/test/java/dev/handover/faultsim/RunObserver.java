package dev.handover.faultsim;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.Cancellation;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.sim.SimCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The run's listener: records every event and, at each one, looks at the whole cluster — at most one
 * node takes writes, and no node's term goes back. Presses the operator's Abort at the planned poll.
 */
final class RunObserver implements HandoverListener {
    private final SimCluster sim;
    private final List<String> nodeIds;
    private final Cancellation cancellation;
    private final OptionalInt cancelAtPoll;
    final List<HandoverEvent> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    private final long[] lastTerms;
    private int polls;
    long lastReached;
    boolean cancelPressed;
    boolean cancelAccepted;
    /** How many events had been emitted when an Abort was accepted; -1 when none was. */
    int eventsBeforeCancel = -1;

    RunObserver(SimCluster sim, List<String> nodeIds, Cancellation cancellation, OptionalInt cancelAtPoll, long hint) {
        this.sim = sim;
        this.nodeIds = List.copyOf(nodeIds);
        this.cancellation = cancellation;
        this.cancelAtPoll = cancelAtPoll;
        this.lastTerms = new long[nodeIds.size()];
        this.lastReached = hint;
        look("before the run");
    }

    @Override
    public void on(HandoverEvent event) {
        try {
            events.add(event);
            if (event instanceof HandoverEvent.Polled p) {
                lastReached = p.reachedLsn();
                polls++;
                if (cancelAtPoll.isPresent() && cancelAtPoll.getAsInt() == polls) {
                    pressCancel();
                }
            }
            look("at " + event.getClass().getSimpleName() + " (event #" + events.size() + ")");
        } catch (RuntimeException e) {
            // The coordinator swallows listener failures; a broken harness must not pass silently.
            violations.add("observer failed at " + event + ": " + e);
        }
    }

    /** The operator presses Abort now (at a poll, or while the force prompt is open). */
    void pressCancel() {
        cancelPressed = true;
        if (cancellation.cancel() && !cancelAccepted) {
            cancelAccepted = true;
            eventsBeforeCancel = events.size();
        }
    }

    /** One look at the cluster: writable primaries and terms. */
    void look(String when) {
        int writable = 0;
        StringBuilder who = new StringBuilder();
        for (String id : nodeIds) {
            if (sim.acceptsWrites(id)) {
                writable++;
                who.append(' ').append(id);
            }
        }
        if (writable > 1) {
            violations.add(writable + " nodes take writes " + when + ":" + who);
        }
        ClusterSnapshot snap;
        try {
            snap = sim.status();
        } catch (Exception e) {
            violations.add("status failed " + when + ": " + e.getMessage());
            return;
        }
        for (int i = 0; i < nodeIds.size(); i++) {
            NodeStatus n = snap.node(nodeIds.get(i)).orElseThrow();
            long term = n.role().term();
            if (term < lastTerms[i]) {
                violations.add("term of " + n.id() + " went back from " + lastTerms[i] + " to " + term + " " + when);
            }
            lastTerms[i] = Math.max(lastTerms[i], term);
        }
    }
}
