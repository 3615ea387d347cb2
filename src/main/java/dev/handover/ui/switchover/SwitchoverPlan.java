package dev.handover.ui.switchover;

import dev.handover.core.FailoverRequest;

import java.time.Duration;

/** A validated form: the request for the coordinator and how often to poll the target. */
public record SwitchoverPlan(FailoverRequest request, Duration pollInterval) {
}
