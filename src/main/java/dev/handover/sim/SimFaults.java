package dev.handover.sim;

import java.time.Duration;

/** Faults a drill or test injects at any time (also driven by a scenario's scripted timeline). */
public interface SimFaults {
    /** The replica applies nothing until unstalled (it keeps receiving WAL). */
    void stall(String nodeId);

    void unstall(String nodeId);

    /** The node's apply rate is multiplied by {@code factor} (1 restores it). */
    void slow(String nodeId, double factor);

    /** The node is down: calls to it fail, it applies and accepts nothing. */
    void crash(String nodeId);

    void restart(String nodeId);

    /** Calls to the node fail and replication to it stops, until healed. */
    void partition(String nodeId);

    void heal(String nodeId);

    void failNextFreeze();

    void failNextPoll();

    void failNextCommit();

    void failNextResume();

    /** The write load is multiplied by {@code factor} for {@code duration}. */
    void writeSpike(double factor, Duration duration);
}
