package dev.handover.faultsim;

import dev.handover.sim.ScriptedFault;

/**
 * A fault fired through {@link dev.handover.sim.SimFaults} right before the coordinator's
 * {@code call}-th transport call (0 = the freeze): lands exactly between two steps of the run.
 * The fault's own {@code at} is unused.
 */
record CallFault(int call, ScriptedFault fault) {

    String describe() {
        return fault.describe() + " before transport call #" + call;
    }
}
