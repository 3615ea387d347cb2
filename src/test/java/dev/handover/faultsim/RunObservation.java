package dev.handover.faultsim;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.RunReport;
import dev.handover.sim.InvariantReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything seen of one schedule's run, for {@link InvariantChecker}.
 *
 * @param outcome              what {@code run} returned, or empty when it threw
 * @param thrown               what {@code run} threw, or empty when it returned
 * @param during               violations seen while the run was going (observer, transport protocol)
 * @param after                the cluster right after the run returned
 * @param afterLease           the cluster's accounting once a full freeze lease has passed after the run
 * @param ackedInSkippedRange  acknowledged writes in (reached, frontier] right before the commit, -1 if none
 * @param reachedAtCommit      the reached LSN the coordinator held when it called commit, -1 if it never did
 * @param faultsInjected       faults that actually took effect during the run
 * @param journal              the run's report, as written to one JSON line and read back
 * @param followUp             what a second, plain handover on the cluster left behind broke (see {@link FollowUpHandover})
 */
record RunObservation(Schedule schedule, FailoverRequest request, List<HandoverEvent> events,
                      Optional<FailoverOutcome> outcome, Optional<Throwable> thrown, List<String> during,
                      Transport transport, Operator operator, InvariantReport invariants, String primaryAfter,
                      ClusterSnapshot after, InvariantReport afterLease, long ackedInSkippedRange,
                      long reachedAtCommit, int faultsInjected, RunReport journal,
                      List<String> followUp) {

    /** What the coordinator did through the transport. */
    record Transport(boolean frozen, long frontier, int polls, int commitCalls, boolean committed, boolean resumed) {
    }

    /**
     * What the scripted operator did.
     *
     * @param eventsBeforeCancel how many events the run had emitted when the Abort was accepted, or -1
     * @param lateCancel         an Abort pressed after a commit began: was it (wrongly) accepted?
     */
    record Operator(boolean cancelPressed, boolean cancelAccepted, int eventsBeforeCancel, int approvalsAsked,
                    Optional<Boolean> lateCancel, Duration approvalTime) {
    }
}
