package dev.handover.ui.history;

import dev.handover.cluster.Positions;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.RunReport;
import dev.handover.ui.chart.CatchUpSeries;

import java.time.Duration;

/** A recorded run's chart, rebuilt from its events the way the live run drew it. */
final class Replay {
    private Replay() {
    }

    /** @param positions how the run's cluster writes positions (the registry answers for its recorded name) */
    static void fill(CatchUpSeries series, RunReport record, Positions positions) {
        series.clear();
        series.setPositions(positions);
        series.setDeadline(Duration.ofMillis(record.request().deadlineMs()));
        long start = record.request().targetFrontierHint();
        for (HandoverEvent e : record.handoverEvents()) {
            if (e instanceof HandoverEvent.Frozen f) {
                series.setFrontier(f.frontierLsn());
                series.add(f.at(), start);
            } else if (e instanceof HandoverEvent.Polled p) {
                series.add(p.at(), p.reachedLsn());
            } else if (e instanceof HandoverEvent.Committed c) {
                series.add(c.at(), c.outcome().reachedLsn());
            }
        }
    }
}
