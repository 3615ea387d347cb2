package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.handover.cluster.AfterRun;

import java.util.List;
import java.util.Optional;

/**
 * What the backend saw after a commit, before the run's record was closed: the evidence for
 * {@code outcome.topology}.
 *
 * @param steps     the commit's steps, each with its time since the commit began when timed
 * @param remaining exact steps left for a person, in order; empty when none
 * @param checks    every check of the new topology and its result
 * @param clientStallMs   the longest any client waited, as a pooler in front of the cluster measured it
 *                        (PgBouncer's SHOW POOLS maxwait right before RESUME); absent without a pooler
 * @param routerHeldMs    how long the client router in front of the cluster held its clients (the longest; a
 *                        PgBouncer's pools from PAUSE asked to RESUME confirmed); read from the router's old
 *                        name, {@code bouncerPausedMs}, in records written before it was renamed
 * @param clientStallFrom where {@code clientStallMs} was read, e.g. {@code PgBouncer maxwait}
 * @param failedClientRequests what is known of failed client requests: a pooler does not count them, so a
 *                        sentence saying so rather than a number
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationInfo(List<StepInfo> steps, List<String> remaining, List<CheckInfo> checks, Long clientStallMs,
                               @JsonAlias("bouncerPausedMs") Long routerHeldMs, String clientStallFrom, String failedClientRequests) {
    public VerificationInfo {
        steps = steps == null ? List.of() : List.copyOf(steps);
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Evidence without a client stall (no pooler in front of the cluster, or recorded before one was). */
    public VerificationInfo(List<StepInfo> steps, List<String> remaining, List<CheckInfo> checks) {
        this(steps, remaining, checks, null, null, null, null);
    }

    /** The backend's evidence as recorded: credentials scrubbed from every text. */
    public static VerificationInfo of(AfterRun a) {
        Optional<dev.handover.cluster.ClientStall> stall = a.clientStall();
        return new VerificationInfo(
                a.done().stream().map(s -> new StepInfo(s.at().map(java.time.Duration::toMillis).orElse(null),
                        Secrets.redact(s.text()))).toList(),
                a.remaining().stream().map(Secrets::redact).toList(),
                a.checks().stream().map(c -> new CheckInfo(Secrets.redact(c.what()), c.ok(), Secrets.redact(c.seen()),
                        c.severity().name().toLowerCase(java.util.Locale.ROOT))).toList(),
                stall.map(s -> s.longestWait().toMillis()).orElse(null),
                stall.map(s -> s.held().toMillis()).orElse(null),
                stall.map(dev.handover.cluster.ClientStall::source).orElse(null),
                stall.map(s -> dev.handover.cluster.ClientStall.FAILED_REQUESTS).orElse(null));
    }

    /** The clients' stall as recorded; empty in a report without one. */
    @JsonIgnore
    public Optional<dev.handover.cluster.ClientStall> clientStall() {
        return clientStallMs == null ? Optional.empty() : Optional.of(new dev.handover.cluster.ClientStall(
                java.time.Duration.ofMillis(clientStallMs), java.time.Duration.ofMillis(routerHeldMs == null ? 0
                : routerHeldMs), clientStallFrom == null ? "pooler" : clientStallFrom));
    }

    /** The checks that failed, degrading or advisory. */
    @JsonIgnore
    public List<CheckInfo> failed() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    VerificationInfo redacted() {
        return new VerificationInfo(steps.stream().map(s -> new StepInfo(s.atMs(), Secrets.redact(s.text()))).toList(),
                remaining.stream().map(Secrets::redact).toList(),
                checks.stream().map(c -> new CheckInfo(Secrets.redact(c.what()), c.ok(), Secrets.redact(c.seen()),
                        c.severity())).toList(), clientStallMs, routerHeldMs, clientStallFrom, failedClientRequests);
    }
}
