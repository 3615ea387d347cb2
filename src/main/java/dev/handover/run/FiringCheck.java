package dev.handover.run;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What keeps a scheduled run from firing: how the cluster now differs from the one its plan was made on. */
public final class FiringCheck {
    private FiringCheck() {
    }

    /** Every difference that matters, in words; empty when the plan still holds. */
    public static List<String> changes(ClusterSnapshot now, FailoverRequest req, Duration freezeBudget, Optional<PlanProbes> probes) {
        List<String> out = new ArrayList<>();
        Optional<NodeStatus> primary = now.primary();
        if (primary.isEmpty()) {
            out.add("no primary now");
        } else if (!primary.get().id().equals(req.oldPrimary().id())) {
            out.add("the primary is " + primary.get().id() + " now, not " + req.oldPrimary().id());
        } else if (primary.get().role().term() != req.currentTerm()) {
            out.add(primary.get().id() + " is primary under term " + primary.get().role().term() + " now, not " + req.currentTerm());
        }
        Optional<NodeStatus> target = now.node(req.target().id());
        if (target.isEmpty() || target.get().isPrimary() || target.get().health() == Health.UNREACHABLE) {
            out.add(req.target().id() + " is " + target.map(t -> t.isPrimary() ? "the primary" : "unreachable").orElse("gone"));
        }
        if (out.isEmpty()) {
            new Preflight().check(now, req.target().id(), req.mode(), freezeBudget).stream().filter(PreflightCheck::failed)
                    .forEach(c -> out.add(c.title() + ": " + c.why()));
            probes.map(p -> p.probe(req)).orElse(List.of()).stream().filter(PreflightCheck::failed)
                    .forEach(c -> out.add(c.title() + ": " + c.why()));
        }
        return out;
    }
}
