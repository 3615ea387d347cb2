package dev.handover.ui.history;

import dev.handover.journal.LostInfo;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.journal.Result;
import dev.handover.cluster.Positions;
import dev.handover.journal.JournaledRun;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One past run as the history table lists it.
 *
 * @param result   committed | forced | aborted | unknown | unfinished
 * @param topology healthy | degraded where the run read the topology back after a commit; empty otherwise
 * @param lost     the transactions lost as the record says: {@code 85}, {@code 60-110 (est.)}, {@code unknown}
 * @param operator who ran it, as the record keeps it
 * @param frozen   how long writes were frozen
 * @param why      the ticket and reason it was asked for ({@code CHG-1234: kernel upgrade}); empty when the record says none
 */
public record HistoryRow(String id, String time, String cluster, String target, String mode, Result result,
                         String topology, long skipped, boolean acknowledged, String lost, String operator, String frozen,
                         String why) {

    /** A row that says no why. */
    public HistoryRow(String id, String time, String cluster, String target, String mode, Result result, String topology,
                      long skipped, boolean acknowledged, String lost, String operator, String frozen) {
        this(id, time, cluster, target, mode, result, topology, skipped, acknowledged, lost, operator, frozen, "");
    }

    /** A row whose loss is read from its result alone (none for committed and aborted runs, else unknown), without
     *  who ran it or how long writes were frozen (tests of the other columns). */
    public HistoryRow(String id, String time, String cluster, String target, String mode, Result result,
                      String topology, long skipped, boolean acknowledged) {
        this(id, time, cluster, target, mode, result, topology, skipped, acknowledged,
                result == Result.COMMITTED || result == Result.ABORTED ? "0" : LostInfo.UNKNOWN, "", "");
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /**
     * The skipped count where one applies (only a forced handover commits past missing LSNs), as the
     * run's cluster writes distances ({@code positions}, the registry's for {@link #cluster}): {@code 120 LSN}, {@code 3.9 MB}.
     */
    public String skippedText(Positions positions) {
        if (result.inDoubt()) {
            return LostInfo.UNKNOWN; // a commit may have gone through: never a dash that reads as nothing skipped
        }
        return result == Result.FORCED ? positions.shortAmount(skipped) : "—";
    }

    /** Committed but left the topology degraded: it needs a person's steps. */
    public boolean degraded() {
        return OutcomeInfo.DEGRADED.equals(topology) && result.handedOver();
    }

    /** A forced handover: acknowledged writes were lost. It reads as data loss (red), never as a warning. */
    public boolean dataLoss() {
        return result == Result.FORCED;
    }

    /** The result column: {@code committed, TOPOLOGY DEGRADED} for a run that needs hands, {@code forced, DATA LOST}. */
    public String resultText() {
        String head = dataLoss() ? result + ", DATA LOST" : result.wire();
        return degraded() ? head + ", TOPOLOGY DEGRADED" : topology.isEmpty() ? head : head + ", topology " + topology;
    }

    static HistoryRow of(JournaledRun run) {
        String topology = run.finished() && run.report().outcome().topology() != null ? run.report().outcome().topology() : "";
        return new HistoryRow(run.id(), TIME.format(run.startedAt()), run.cluster(), run.target(), run.mode(),
                run.result(), topology, run.skippedLsn(), run.acknowledged().isPresent(), run.lost().cell(), operatorOf(run),
                frozenOf(run), run.report().run() == null ? "" : run.report().run().requester().why().orElse(""));
    }

    /** Who ran it, as the record keeps it ({@code user@host}); "—" for a record without one. */
    private static String operatorOf(JournaledRun run) {
        String who = run.report().run() == null ? null : run.report().run().operator();
        return who == null || who.isBlank() ? "—" : who;
    }

    /** How long writes were frozen, the figure the outcome and the debrief give ({@link FreezeSpan}). */
    private static String frozenOf(JournaledRun run) {
        return dev.handover.core.FreezeSpan.of(run.report().handoverEvents()).text();
    }
}
