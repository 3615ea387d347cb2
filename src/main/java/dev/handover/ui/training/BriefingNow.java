package dev.handover.ui.training;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Simulation;

import java.util.List;
import java.util.Optional;

/**
 * The cluster as the last status call saw it, said under the briefing: a scenario's briefing describes the cluster as
 * the scenario began, and after a handover that is no longer the cluster on screen.
 */
final class BriefingNow {
    private BriefingNow() {
    }

    /** @param began the primary the scenario began with; empty on a real cluster */
    static String text(ClusterSnapshot s, Optional<Simulation.Primary> began) {
        if (s.nodes().isEmpty()) {
            return "";
        }
        List<String> down = s.nodes().stream().filter(n -> !n.answered()).map(NodeStatus::id).toList();
        String unreachable = down.isEmpty() ? "" : "; unreachable: " + String.join(", ", down);
        Optional<NodeStatus> primary = s.primary().filter(NodeStatus::answered);
        if (primary.isEmpty()) {
            return "Now: no node answers as primary" + unreachable + ".";
        }
        NodeStatus p = primary.get();
        List<String> replicas = s.replicas().stream().filter(NodeStatus::answered).map(NodeStatus::id).toList();
        String text = "Now: " + p.id() + " is primary under term " + p.role().term()
                + (replicas.isEmpty() ? "" : ", replicas " + String.join(", ", replicas)) + unreachable + ".";
        if (began.isPresent() && (!began.get().node().equals(p.id()) || began.get().term() != p.role().term())) {
            text += " Since the scenario began (" + began.get().node() + " primary under term " + began.get().term()
                    + ") the primary role has moved: the briefing below describes the cluster as the scenario began.";
        }
        return text;
    }
}
