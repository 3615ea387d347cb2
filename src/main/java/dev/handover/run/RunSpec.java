package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.Requester;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as its caller planned it, validated in the caller's own words (flags, the form).
 *
 * @param cluster  the cluster the run goes to; it stays on it to the end
 * @param before   the status the request was planned on: the record's ranking of candidates comes from it
 * @param request  the handover asked for
 * @param poll     how often the target is read while writes are frozen
 * @param approval how a forced commit is approved, for the record ({@code approve}, {@code prompt} …); empty
 *                 when none was arranged
 * @param journal  where the run is recorded; empty records it in memory only
 * @param hooks    the operator's commands and webhooks around the run ({@link HooksFile})
 * @param preflightOverride why the run goes ahead although its preflight failed (the CLI's {@code --run-anyway},
 *                 the console's typed reason), kept in the record; empty when no override was needed
 * @param requester who asked for the run and why ({@code --operator}/{@code --reason}/{@code --ticket}, the form's
 *                 fields), kept in the record and told to the hooks
 */
public record RunSpec(ClusterConnection cluster, ClusterSnapshot before, FailoverRequest request, Duration poll,
                      Optional<String> approval, Optional<Journal> journal, HookSet hooks,
                      Optional<String> preflightOverride, Requester requester) {

    /** A run asked for by this workstation's operator, giving no reason. */
    public RunSpec(ClusterConnection cluster, ClusterSnapshot before, FailoverRequest request, Duration poll,
                   Optional<String> approval, Optional<Journal> journal, HookSet hooks,
                   Optional<String> preflightOverride) {
        this(cluster, before, request, poll, approval, journal, hooks, preflightOverride, Requester.here());
    }

    /** A run that overrides no failing preflight. */
    public RunSpec(ClusterConnection cluster, ClusterSnapshot before, FailoverRequest request, Duration poll,
                   Optional<String> approval, Optional<Journal> journal, HookSet hooks) {
        this(cluster, before, request, poll, approval, journal, hooks, Optional.empty());
    }

    /** A run without operator hooks. */
    public RunSpec(ClusterConnection cluster, ClusterSnapshot before, FailoverRequest request, Duration poll,
                   Optional<String> approval, Optional<Journal> journal) {
        this(cluster, before, request, poll, approval, journal, HookSet.NONE);
    }

    public RunSpec {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(preflightOverride, "preflightOverride");
        Objects.requireNonNull(requester, "requester");
    }
}
