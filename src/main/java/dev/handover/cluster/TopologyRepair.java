package dev.handover.cluster;

/**
 * A backend whose nodes a dead run can leave half-way (PostgreSQL): brings the cluster to one
 * writable primary with every other node following it, from what the nodes show now — never from
 * what the run meant to do — and reads the topology back. Asked of a connection with
 * {@link ClusterConnection#topologyRepair()}.
 */
@FunctionalInterface
public interface TopologyRepair {

    /**
     * What was done, what is left for a person, and the checks of the topology afterwards. Never
     * throws: what could not be done is a remaining step, what could not be checked a failed check.
     */
    AfterRun repair();
}
