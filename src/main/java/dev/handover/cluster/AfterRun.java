package dev.handover.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend observed after a run that committed (or may have): the commit's steps with their
 * times, the steps left for a person, every check of the new topology, and each node's role as seen.
 * It is the evidence for the outcome's topology: healthy only when nothing is left by hand and every
 * degrading check held. Renderers (the CLI, the console, the journal) show it; nothing parses it back.
 *
 * @param done      steps the commit took, in order
 * @param remaining exact steps left for a person, in order; empty when the backend could drive every node
 * @param checks    every check and its result
 * @param roles     every node's role as observed after the checks
 * @param clientStall how long clients in front of the cluster were held (a pooler's pause), when one measured it
 */
public record AfterRun(List<Step> done, List<String> remaining, List<TopologyCheck> checks, List<ObservedRole> roles,
                       Optional<ClientStall> clientStall) {

    public AfterRun {
        done = List.copyOf(done);
        remaining = List.copyOf(remaining);
        checks = List.copyOf(checks);
        roles = List.copyOf(roles);
        Objects.requireNonNull(clientStall, "clientStall");
    }

    /** Evidence without a client stall (no pooler in front of the cluster). */
    public AfterRun(List<Step> done, List<String> remaining, List<TopologyCheck> checks, List<ObservedRole> roles) {
        this(done, remaining, checks, roles, Optional.empty());
    }

    /** The same evidence with the clients' stall. */
    public AfterRun withClientStall(Optional<ClientStall> stall) {
        return new AfterRun(done, remaining, checks, roles, stall);
    }

    /**
     * One step the commit took.
     *
     * @param at   time since the commit began, when the backend timed it
     * @param text what was done
     */
    public record Step(Optional<Duration> at, String text) {
        public Step {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
        }
    }

    /** The topology the checks add up to. */
    public enum Topology {
        /** Nothing left by hand, every degrading check held. */
        HEALTHY,
        /** Steps left by hand, or a degrading check failed (or could not be made). */
        DEGRADED
    }

    /**
     * The evidence when the checks themselves could not run: one failed check saying why, so the
     * outcome says "degraded, could not verify" rather than nothing.
     */
    public static AfterRun couldNotVerify(List<Step> done, List<String> remaining, String why) {
        return new AfterRun(done, remaining, List.of(new TopologyCheck("the new topology could be verified", false, why,
                TopologyCheck.Severity.DEGRADING)), List.of());
    }

    public Topology topology() {
        return remaining.isEmpty() && checks.stream().noneMatch(TopologyCheck::degrades) ? Topology.HEALTHY
                : Topology.DEGRADED;
    }

    public boolean degraded() {
        return topology() == Topology.DEGRADED;
    }

    /** The checks that failed, degrading or advisory. */
    public List<TopologyCheck> failed() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    public Optional<ObservedRole> role(String node) {
        return roles.stream().filter(r -> r.node().equals(node)).findFirst();
    }
}
