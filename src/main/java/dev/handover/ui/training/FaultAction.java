package dev.handover.ui.training;

import dev.handover.cluster.InjectedFault;
import dev.handover.cluster.InjectedFault.NodeFault;

/** What the fault panel can do to a node of the simulated cluster, in the trainee's words. */
public enum FaultAction {
    STALL("Stall", NodeFault.STALL),
    UNSTALL("Unstall", NodeFault.UNSTALL),
    CRASH("Crash", NodeFault.CRASH),
    RESTART("Restart", NodeFault.RESTART),
    PARTITION("Partition", NodeFault.PARTITION),
    HEAL("Heal", NodeFault.HEAL);

    private final String label;
    private final NodeFault fault;

    FaultAction(String label, NodeFault fault) {
        this.label = label;
        this.fault = fault;
    }

    public String label() {
        return label;
    }

    /** The fault this button injects into {@code node}. */
    InjectedFault on(String node) {
        return new InjectedFault.OnNode(fault, node);
    }
}
