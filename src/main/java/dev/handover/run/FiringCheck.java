package dev.handover.run;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.PlanBook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What keeps a planned run from going ahead: how the cluster now differs from the one its plan was made on — a
 * scheduled run's at its time ({@code run --at}), a recorded plan's when it is run ({@code run --plan}).
 */
public final class FiringCheck {
    private FiringCheck() {
    }

    /** Every difference that matters, in words; empty when the plan still holds. */
    public static List<String> changes(ClusterSnapshot now, FailoverRequest req, Duration freezeBudget, Optional<PlanProbes> probes) {
        List<String> out = roles(now, req.oldPrimary().id(), req.currentTerm(), req.target().id(), new HashSet<>());
        if (out.isEmpty()) {
            out.addAll(checks(now, req, freezeBudget, probes));
        }
        return out;
    }

    /**
     * A recorded plan against the cluster now: the primary and term, the target, every node's role and health as
     * the plan saw them (a node worse now, gone, or new), then — when the primary and target are as planned — the
     * preflight and the probes again, any failing one named. Empty when the plan still holds.
     */
    public static List<String> sincePlan(PlanBook.Plan plan, ClusterSnapshot now, FailoverMode mode, Duration freezeBudget,
                                  Optional<PlanProbes> probes) {
        PlanBook.Request asked = plan.request();
        Set<String> named = new HashSet<>(); // each node is named once: the first difference said about it
        List<String> out = roles(now, asked.oldPrimary(), asked.term(), asked.target(), named);
        boolean rolesHold = out.isEmpty();
        Set<String> planned = plan.snapshot().nodes().stream().map(PlanBook.NodeFact::id).collect(Collectors.toSet());
        for (PlanBook.NodeFact was : plan.snapshot().nodes()) {
            Optional<NodeStatus> n = now.node(was.id());
            if (n.isEmpty()) {
                if (named.add(was.id())) {
                    out.add(was.id() + " is not in the cluster now");
                }
                continue;
            }
            String role = n.get().isPrimary() ? "primary" : "replica";
            if (named.contains(was.id())) {
                continue;
            }
            if (!role.equals(was.role())) {
                named.add(was.id());
                out.add(was.id() + " is a " + role + " now, was a " + was.role());
            } else if (worse(n.get().health(), was.health())) {
                named.add(was.id());
                out.add(was.id() + " is " + n.get().health().name().toLowerCase(Locale.ROOT) + " now, was "
                        + was.health().toLowerCase(Locale.ROOT)
                        + (n.get().detail().isBlank() ? "" : " (" + n.get().detail() + ")"));
            }
        }
        now.nodes().stream().map(NodeStatus::id).filter(id -> !planned.contains(id))
                .forEach(id -> out.add(id + " is in the cluster now, not in the plan"));
        if (rolesHold) {
            // The roles hold: the primary and its term are the plan's, the target a replica.
            FailoverRequest req = HandoverPlanner.request(now, asked.target(), mode).orElseThrow();
            out.addAll(checks(now, req, freezeBudget, probes));
        }
        return out;
    }

    /** The primary still {@code primary} under {@code term}, the target still a replica that answers; adds whom it names. */
    private static List<String> roles(ClusterSnapshot now, String primaryId, long term, String targetId, Set<String> named) {
        List<String> out = new ArrayList<>();
        Optional<NodeStatus> primary = now.primary();
        if (primary.isEmpty()) {
            out.add("no primary now");
        } else if (!primary.get().id().equals(primaryId)) {
            out.add("the primary is " + primary.get().id() + " now, not " + primaryId);
            named.addAll(List.of(primary.get().id(), primaryId));
        } else if (primary.get().role().term() != term) {
            out.add(primary.get().id() + " is primary under term " + primary.get().role().term() + " now, not " + term);
            named.add(primaryId);
        }
        Optional<NodeStatus> target = now.node(targetId);
        if (target.isEmpty() || target.get().isPrimary() || target.get().health() == Health.UNREACHABLE) {
            out.add(targetId + " is " + target.map(t -> t.isPrimary() ? "the primary" : "unreachable")
                    .orElse("not in the cluster now"));
            named.add(targetId);
        }
        return out;
    }

    /** The preflight and the probes, run again: every failing one. */
    private static List<String> checks(ClusterSnapshot now, FailoverRequest req, Duration freezeBudget,
                                       Optional<PlanProbes> probes) {
        List<String> out = new ArrayList<>();
        new Preflight().check(now, req.target().id(), req.mode(), freezeBudget).stream().filter(PreflightCheck::failed)
                .forEach(c -> out.add(c.title() + ": " + c.why()));
        probes.map(p -> p.probe(req)).orElse(List.of()).stream().filter(PreflightCheck::failed)
                .forEach(c -> out.add(c.title() + ": " + c.why()));
        return out;
    }

    /** Healthy, then degraded, then unreachable; a node that got better is no reason to refuse. */
    private static boolean worse(Health now, String was) {
        Health before;
        try {
            before = Health.valueOf(was.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false; // a health this build does not know: judged by the preflight alone
        }
        return now.ordinal() > before.ordinal();
    }
}
