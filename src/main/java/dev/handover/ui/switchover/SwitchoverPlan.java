package dev.handover.ui.switchover;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverRequest;

import java.time.Duration;

/**
 * A validated form: the request for the coordinator, how often to poll the target, and the cluster
 * as the operator saw it when pressing Start (the ranking a run is recorded and judged with).
 */
public record SwitchoverPlan(FailoverRequest request, Duration pollInterval, ClusterSnapshot before) {
}
