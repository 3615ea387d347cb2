package dev.handover.ui.training;

import dev.handover.sim.SimFaults;

import java.time.Duration;

/** What the fault panel can do to a node of the simulated cluster, in the trainee's words. */
public enum FaultAction {
    STALL("Stall", "stall"),
    UNSTALL("Unstall", "unstall"),
    CRASH("Crash", "crash"),
    RESTART("Restart", "restart"),
    PARTITION("Partition", "partition"),
    HEAL("Heal", "heal");

    private final String label;
    private final String verb;

    FaultAction(String label, String verb) {
        this.label = label;
        this.verb = verb;
    }

    public String label() {
        return label;
    }

    /** Inject it into {@code faults} on {@code node}. */
    void apply(SimFaults faults, String node) {
        switch (this) {
            case STALL -> faults.stall(node);
            case UNSTALL -> faults.unstall(node);
            case CRASH -> faults.crash(node);
            case RESTART -> faults.restart(node);
            case PARTITION -> faults.partition(node);
            case HEAL -> faults.heal(node);
        }
    }

    String describe(String node) {
        return verb + " " + node;
    }

    /** How a write spike reads in the log. */
    static String describeSpike(double factor, Duration duration) {
        return "write load ×" + DrillViewModel.trim(factor) + " for " + dev.handover.core.Durations.format(duration);
    }
}
