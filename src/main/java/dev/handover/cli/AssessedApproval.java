package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.ForceLoss;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code run --force-approval}'s scripted answer, with what it answered to: the loss at the prompt, assessed
 * as the console's dialog assesses it (counted or estimated writes, bytes, time, a safer replica), for the
 * output to state.
 */
record AssessedApproval(ForceApproval answer, ClusterConnection cluster,
                        BiFunction<ForcePrompt, Optional<ClusterSnapshot>, ForceLoss> assess,
                        Consumer<ForceLoss> seen) implements ForceApproval {
    @Override
    public Duration window() {
        return answer.window();
    }

    @Override
    public ForceDecision decide(ForcePrompt prompt) {
        seen.accept(assess(cluster, prompt, assess));
        return answer.decide(prompt);
    }

    /**
     * The run's own assessment of {@code prompt} (counted once, the same figure it records), with the safer replica
     * from the cluster read now.
     */
    static ForceLoss assess(ClusterConnection cluster, ForcePrompt prompt,
                            BiFunction<ForcePrompt, Optional<ClusterSnapshot>, ForceLoss> assess) {
        FaultPoint.reached("force-prompt"); // where the fault campaign holds a run at its force prompt
        Optional<ClusterSnapshot> now;
        try {
            now = Optional.of(cluster.status());
        } catch (ClusterException | RuntimeException e) {
            now = Optional.empty(); // no safer replica named; the figures still stand
        }
        return assess.apply(prompt, now);
    }
}
