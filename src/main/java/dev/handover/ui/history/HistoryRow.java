package dev.handover.ui.history;

import dev.handover.journal.JournaledRun;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One past run as the history table lists it. */
public record HistoryRow(String id, String time, String cluster, String target, String mode, String result,
                         long skipped, boolean acknowledged) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** The skipped count where one applies: only a forced handover commits past missing LSNs. */
    public String skippedText() {
        return "forced".equals(result) ? Long.toString(skipped) : "—";
    }

    static HistoryRow of(JournaledRun run) {
        return new HistoryRow(run.id(), TIME.format(run.startedAt()), run.cluster(), run.target(), run.mode(),
                run.result(), run.skippedLsn(), run.acknowledged().isPresent());
    }
}
