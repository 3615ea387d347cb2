package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Optional;

/**
 * What a run lost, for its record, as numbers: what the handover skipped and the transactions lost — counted
 * again at the handover's real position where the figure allows, else the prompt's figure scaled or bounded
 * — or, when nobody knows whether the commit went through, unknown (never 0).
 */
final class LossRecord {
    private LossRecord() {
    }

    /**
     * The loss of a run that ended with {@code events}, {@code prompted} the figure the force prompt showed;
     * empty for a run that neither was asked to force nor sent a commit (nothing can have been lost).
     */
    static Optional<LossInfo> of(ClusterConnection cluster, List<HandoverEvent> events,
                                           Optional<ForceLoss> prompted) {
        boolean bytes = cluster.positionsCountBytes();
        Optional<LostInfo> atPrompt = prompted.map(p -> info(p.writes()));
        for (HandoverEvent e : events) {
            if (e instanceof HandoverEvent.Committed c) {
                FailoverOutcome o = c.outcome();
                if (o.isZeroRpo()) {
                    return Optional.of(new LossInfo(0, bytes, LostInfo.exact(0,
                            ForceLoss.Unit.TRANSACTIONS.noun(0), "none: the target held the frozen frontier"),
                            atPrompt.orElse(null)));
                }
                LostInfo lost = prompted
                        .map(p -> info(p.atHandover(cluster, o.reachedLsn())))
                        .orElseGet(() -> LostInfo.unknown("no force prompt counted them"));
                return Optional.of(new LossInfo(o.skippedLsn(), bytes, lost, atPrompt.orElse(null)));
            }
            if (e instanceof HandoverEvent.OutcomeUnknown u) {
                String ifThrough = prompted.map(p -> "; had it gone through at the prompt's position: "
                        + ForceLossText.amount(p.writes()) + " (" + ForceLossText.basis(p.writes()) + ")").orElse("");
                return Optional.of(new LossInfo(0, bytes, LostInfo.unknown(
                        "the commit's outcome is unknown: whether anything was lost depends on which node took the term"
                                + ifThrough), atPrompt.orElse(null)));
            }
        }
        if (events.stream().noneMatch(HandoverEvent::isTerminal)) {
            // The run broke off with no end the coordinator saw: a commit may have been sent.
            boolean mayHaveCommitted = prompted.isPresent() || events.stream().anyMatch(e -> e instanceof HandoverEvent.Frozen);
            return mayHaveCommitted ? Optional.of(new LossInfo(0, bytes, LostInfo.unknown(
                    "the run did not finish: whether a commit went through is not known"), atPrompt.orElse(null)))
                    : Optional.empty();
        }
        // Aborted, declined, lapsed, or writes left frozen: nothing was handed over, so nothing is lost.
        return prompted.map(p -> new LossInfo(0, bytes, LostInfo.exact(0,
                ForceLoss.Unit.TRANSACTIONS.noun(0), "none: nothing was handed over"), atPrompt.orElse(null)));
    }

    static LostInfo info(ForceLoss.LostWrites w) {
        if (w instanceof ForceLoss.Counted c) {
            return LostInfo.exact(c.count(), c.unit().noun(c.count()), c.basis());
        }
        if (w instanceof ForceLoss.Estimated e) {
            return LostInfo.estimated(e.low(), e.high(), e.unit().noun(e.high()), e.basis());
        }
        return LostInfo.unknown(ForceLossText.basis(w));
    }
}
