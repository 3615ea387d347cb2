package dev.handover.faultsim;

import dev.handover.core.Durations;
import dev.handover.core.FailoverMode;
import dev.handover.sim.NodeSpec;
import dev.handover.sim.Scenario;
import dev.handover.sim.ScriptedFault;
import dev.handover.sim.WriteLoad;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * One randomized handover over the simulated cluster, fully determined by its seed.
 *
 * @param scenario      topology, write load, replica speeds and lag, and the faults scripted at virtual times
 *                      (counted from the run start)
 * @param lease         the simulated primary's freeze lease
 * @param operatorDelay virtual time between reading the target's frontier hint and starting the run
 * @param cancelAtPoll  the operator's Abort, pressed when the n-th poll reading arrives
 * @param callFaults    faults fired right before a given transport call
 */
record Schedule(long seed, Scenario scenario, String targetId, FailoverMode mode, Duration poll, Duration lease,
                Duration operatorDelay, ApprovalPlan approval, OptionalInt cancelAtPoll, List<CallFault> callFaults) {

    Schedule {
        callFaults = List.copyOf(callFaults);
    }

    /** A readable account of the schedule, printed when it fails or is replayed. */
    String describe() {
        StringBuilder s = new StringBuilder();
        List<NodeSpec> nodes = scenario.nodes();
        long regions = nodes.stream().map(NodeSpec::region).distinct().count();
        s.append("schedule seed ").append(seed).append(": ").append(nodes.size()).append(" nodes in ").append(regions)
                .append(regions == 1 ? " region" : " regions").append(", ")
                .append(mode.isForce() ? "force" : "coordinated").append(" to ").append(targetId)
                .append(", deadline ").append(Durations.format(mode.deadline()))
                .append(", poll ").append(Durations.format(poll))
                .append(", freeze lease ").append(Durations.format(lease))
                .append(", operator delay ").append(Durations.format(operatorDelay)).append('\n');
        WriteLoad load = scenario.load();
        s.append("  load: ").append(Math.round(load.writesPerSecond())).append(" writes/s x ").append(load.writeSize())
                .append(" B +-").append(Math.round(load.jitter() * 100)).append('%');
        load.burst().ifPresent(b -> s.append(", burst x").append(b.factor()).append(" for ")
                .append(Durations.format(b.length())).append(" every ").append(Durations.format(b.every()))
                .append(" from ").append(Durations.format(b.offset())));
        s.append('\n');
        for (NodeSpec n : nodes) {
            s.append("  ").append(n.id()).append(' ').append(n.region()).append(' ');
            if (n.isPrimary()) {
                s.append("primary, term ").append(n.term());
            } else {
                s.append("replica, term ").append(n.term()).append(", apply ").append(Math.round(n.applyRate()))
                        .append(" B/s, link ").append(Durations.format(n.linkDelay())).append(", ")
                        .append(n.behind()).append(" LSN behind").append(n.stalled() ? ", stalled" : "");
            }
            s.append('\n');
        }
        s.append("  force approval: ").append(approval.describe()).append('\n');
        s.append("  operator abort: ").append(cancelAtPoll.isPresent() ? "at poll #" + cancelAtPoll.getAsInt() : "none")
                .append('\n');
        s.append("  faults:");
        if (scenario.faults().isEmpty() && callFaults.isEmpty()) {
            s.append(" none");
        }
        for (ScriptedFault f : scenario.faults()) {
            s.append("\n    ").append(f.describe()).append(" at +").append(Durations.format(f.at()));
        }
        for (CallFault f : callFaults) {
            s.append("\n    ").append(f.describe());
        }
        return s.append('\n').toString();
    }
}
