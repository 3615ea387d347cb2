package dev.handover.cluster;

import dev.handover.core.FailoverRequest;

import java.util.List;

/**
 * A backend's read-only checks before a run, offered by {@link ClusterConnection#planProbes()}: what the
 * preflight's snapshot cannot see — another HA manager in charge, work the switchover would break, settings
 * the run depends on. Each is a {@link PreflightCheck}: a FAIL is a no-go, a WARN something to know.
 */
@FunctionalInterface
public interface PlanProbes {

    /** Probes the cluster for {@code request}; changes nothing. A node that cannot be read is a failed probe. */
    List<PreflightCheck> probe(FailoverRequest request);

    /**
     * The part of {@link #probe} every run checks, not only a plan: whether each node answers where the definition
     * says and whether this host's control of it (OS user, server binaries, data directory, port) holds — a wrong one
     * is found after the commit as a node left unmanaged. Empty where the backend has nothing of the kind.
     */
    default List<PreflightCheck> everyRun(FailoverRequest request) {
        return List.of();
    }
}
