package dev.handover.ui.switchover;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Preflight;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Requester;

import java.time.Duration;
import java.util.Optional;

/**
 * A validated form: the request for the coordinator, how often to poll the target, the cluster as the
 * operator saw it when pressing Start (the ranking a run is recorded and judged with), and how long the
 * operator accepts writes frozen (the outcome of a longer freeze is not shown plain green).
 *
 * @param runAnyway the operator's typed reason for running although the preflight failed (kept in the run's
 *                  record); empty when the preflight passed
 * @param requester who asks for the run and why (the form's Operator, Reason and Ticket), kept in its record
 */
public record SwitchoverPlan(FailoverRequest request, Duration pollInterval, ClusterSnapshot before,
                             Duration freezeBudget, Optional<String> runAnyway, Requester requester) {

    public SwitchoverPlan(FailoverRequest request, Duration pollInterval, ClusterSnapshot before, Duration freezeBudget,
                          Optional<String> runAnyway) {
        this(request, pollInterval, before, freezeBudget, runAnyway, Requester.here());
    }

    public SwitchoverPlan(FailoverRequest request, Duration pollInterval, ClusterSnapshot before, Duration freezeBudget) {
        this(request, pollInterval, before, freezeBudget, Optional.empty());
    }

    /** A plan under the default freeze budget. */
    public SwitchoverPlan(FailoverRequest request, Duration pollInterval, ClusterSnapshot before) {
        this(request, pollInterval, before, Preflight.DEFAULT_FREEZE_BUDGET);
    }

    /** The same plan, run although its preflight failed, for {@code reason}. */
    public SwitchoverPlan withRunAnyway(String reason) {
        return new SwitchoverPlan(request, pollInterval, before, freezeBudget, Optional.of(reason), requester);
    }
}
