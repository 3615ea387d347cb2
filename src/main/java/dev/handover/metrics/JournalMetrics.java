package dev.handover.metrics;

import dev.handover.journal.Result;
import dev.handover.core.FreezeSpan;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import dev.handover.journal.Secrets;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal as Prometheus metrics, for node_exporter's textfile collector: every figure is read from
 * the records, none is estimated here. A fresh registry per call (never the client's global one), so two
 * journals read in one process never mix. Labels stay bounded: the cluster's name (as the journal holds
 * it, secrets already masked), a run's result, a recovery's action; never a run id.
 */
public final class JournalMetrics {
    /** The results a finished run records, and {@code unfinished} for one whose process died or is still running. */
    public static final List<String> RESULTS = java.util.Arrays.stream(Result.values()).map(Result::wire).toList();

    /** Write freezes run from a few milliseconds (a caught-up target) to the deadline (at most 10m). */
    static final double[] FREEZE_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    /** Clients held by a pooler's pause: tens of milliseconds (a caught-up target) to the run's deadline. */
    static final double[] STALL_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    private JournalMetrics() {
    }

    /**
     * The metrics of everything {@code contents} holds. {@code journal} is the one {@code contents} was loaded
     * from; it gives each run's recovery advice, the same that {@code handover recover} prints.
     */
    public static PrometheusRegistry of(Journal journal, JournalContents contents) {
        // Properties built here, not read from the environment or a prometheus.properties on the classpath:
        // the exposition says what the journal says, whatever the machine is configured for.
        PrometheusProperties config = PrometheusProperties.builder().build();
        PrometheusRegistry registry = new PrometheusRegistry();

        Counter runs = Counter.builder(config).name("handover_runs_total")
                .help("Switchover runs recorded, by result: committed (zero RPO), forced (acknowledged writes lost), "
                        + "aborted (nothing committed, writes resumed), unknown (check the cluster by hand); "
                        + "unfinished counts runs whose process died, once acknowledged with `handover recover`")
                .labelNames("cluster", "result").register(registry);
        Counter degraded = Counter.builder(config).name("handover_runs_topology_degraded_total")
                .help("Handovers that committed but whose verification found the topology degraded (exit code 5)")
                .labelNames("cluster").register(registry);
        Histogram freeze = Histogram.builder(config).name("handover_write_freeze_seconds").unit(Unit.SECONDS)
                .help("How long finished runs kept writes frozen on the primary, from the freeze to the commit or "
                        + "the resume; runs whose freeze length is only a bound (lease lapsed, not resumed) are left out")
                .labelNames("cluster").classicOnly().classicUpperBounds(FREEZE_BUCKETS).withoutExemplars()
                .register(registry);
        Histogram stall = Histogram.builder(config).name("handover_client_stall_seconds").unit(Unit.SECONDS)
                .help("The longest any client waited in a run that committed, as a pooler in front of the cluster "
                        + "measured it (PgBouncer's SHOW POOLS maxwait right before RESUME); only runs whose record "
                        + "carries it. Failed client requests are not in it: a pooler does not count them")
                .labelNames("cluster").classicOnly().classicUpperBounds(STALL_BUCKETS).withoutExemplars()
                .register(registry);
        Counter skipped = Counter.builder(config).name("handover_skipped_positions_total")
                .help("Log positions forced handovers skipped (frozen frontier minus what the target reached): "
                        + "bytes of WAL on PostgreSQL, LSN on the simulator, transactions on MariaDB")
                .labelNames("cluster").register(registry);
        Counter lost = Counter.builder(config).name("handover_lost_writes_total")
                .help("Acknowledged writes lost by forced handovers, where the cluster counted them (simulated "
                        + "clusters); absent for a cluster that does not count them")
                .labelNames("cluster").register(registry);
        Counter lostTransactions = Counter.builder(config).name("handover_lost_transactions_total")
                .help("Transactions lost by handovers, as their records say: figure=\"exact\" where they were counted "
                        + "(PostgreSQL's WAL with pg_walinspect, MariaDB's GTIDs, the simulator's ledger); an estimate adds "
                        + "its low end to figure=\"estimated_low\" and its high end to figure=\"estimated_high\"")
                .labelNames("cluster", "figure").register(registry);
        Counter lossUnknown = Counter.builder(config).name("handover_runs_loss_unknown_total")
                .help("Finished runs whose loss is not known (the commit's outcome is unknown, or a forced run "
                        + "recorded before counts were kept): their skipped positions are not in "
                        + "handover_skipped_positions_total, which would read as 0")
                .labelNames("cluster").register(registry);
        Gauge lastStart = Gauge.builder(config).name("handover_last_run_start_timestamp_seconds").unit(Unit.SECONDS)
                .help("When the cluster's last recorded run started, Unix time")
                .labelNames("cluster").register(registry);
        Gauge lastResult = Gauge.builder(config).name("handover_last_run_result")
                .help("The result of the cluster's last recorded run: 1 for its result, 0 for the others")
                .labelNames("cluster", "result").register(registry);
        Gauge unfinished = Gauge.builder(config).name("handover_runs_unfinished")
                .help("Runs started and not finished, not acknowledged: running now, or their process died "
                        + "(see `handover recover`)")
                .labelNames("cluster").register(registry);
        Gauge recovery = Gauge.builder(config).name("handover_runs_needing_recovery")
                .help("Runs `handover recover` lists, by what to do: resume_writes (writes may still be frozen), "
                        + "verify_roles (a commit may have happened), check_topology (committed, degraded), "
                        + "none (only acknowledge)")
                .labelNames("cluster", "action").register(registry);
        Gauge damaged = Gauge.builder(config).name("handover_journal_damaged_lines")
                .help("Journal lines that could not be read and were left out of these metrics")
                .register(registry);

        damaged.set(contents.damaged().size());
        Map<String, JournaledRun> last = new LinkedHashMap<>();
        Map<String, long[]> pending = new LinkedHashMap<>();
        for (JournaledRun run : contents.runs()) {
            // The journal masks secrets as it writes; masked again here for a journal edited by hand.
            String cluster = Secrets.redact(Objects.requireNonNullElse(run.cluster(), ""));
            if (!last.containsKey(cluster)) {
                // Every series of a cluster from its first run on, at 0 until counted: a counter that appears
                // at 1 reads to Prometheus as no increase, and an alert on a missing series never fires.
                RESULTS.forEach(result -> runs.labelValues(cluster, result));
                degraded.labelValues(cluster);
                skipped.labelValues(cluster);
                LOSS_FIGURES.forEach(f -> lostTransactions.labelValues(cluster, f));
                lossUnknown.labelValues(cluster);
                pending.put(cluster, new long[RecoveryAction.values().length]);
            }
            last.put(cluster, run);
            unfinished.labelValues(cluster).inc(!run.finished() && run.acknowledged().isEmpty() ? 1 : 0);
            if (run.acknowledged().isEmpty()) {
                journal.recoveryFor(run).map(Recovery::action).ifPresent(a -> pending.get(cluster)[a.ordinal()]++);
            }
            if (!run.finished()) {
                // Counted once it is acknowledged: until then it may still be running and finish as anything.
                if (run.acknowledged().isPresent()) {
                    runs.labelValues(cluster, Result.UNFINISHED.wire()).inc();
                }
                continue;
            }
            RunReport report = run.report();
            runs.labelValues(cluster, result(run)).inc();
            if (run.degraded()) {
                degraded.labelValues(cluster).inc();
            }
            // A negative figure is no count (a record edited by hand): left out rather than subtracted.
            LostInfo lostHere = run.lost();
            long skippedHere = report.lost().map(LossInfo::skippedPositions).orElse(run.skippedLsn());
            skipped.labelValues(cluster).inc(Math.max(0, skippedHere));
            if (lostHere.exact()) {
                lostTransactions.labelValues(cluster, "exact").inc(Math.max(0, lostHere.count()));
            } else if (lostHere.estimated()) {
                lostTransactions.labelValues(cluster, "estimated_low").inc(Math.max(0, lostHere.low()));
                lostTransactions.labelValues(cluster, "estimated_high").inc(Math.max(0, lostHere.high()));
            } else {
                lossUnknown.labelValues(cluster).inc();
            }
            if (report.invariants() != null) {
                lost.labelValues(cluster).inc(Math.max(0, report.invariants().lostWrites()));
            }
            report.verified().map(VerificationInfo::clientStallMs).filter(ms -> ms >= 0)
                    .ifPresent(ms -> stall.labelValues(cluster).observe(ms / 1e3));
            measuredFreeze(run).filter(d -> !d.isNegative())
                    .ifPresent(d -> freeze.labelValues(cluster).observe(d.toNanos() / 1e9));
        }
        last.forEach((cluster, run) -> {
            Instant started = run.startedAt();
            if (started != null) {
                lastStart.labelValues(cluster).set(started.toEpochMilli() / 1e3);
            }
            for (String result : RESULTS) {
                lastResult.labelValues(cluster, result).set(result.equals(result(run)) ? 1 : 0);
            }
        });
        pending.forEach((cluster, counts) -> {
            for (RecoveryAction a : RecoveryAction.values()) {
                recovery.labelValues(cluster, a.name().toLowerCase(Locale.ROOT)).set(counts[a.ordinal()]);
            }
        });
        return registry;
    }

    private static final List<String> LOSS_FIGURES = List.of("exact", "estimated_low", "estimated_high");

    /** The run's result as a label (a record whose result this build does not know was read as unknown). */
    static String result(JournaledRun run) {
        return run.result().wire();
    }

    /**
     * The freeze a finished run measured from its own events; empty when writes never froze or the figure is
     * only a bound (the lease lapsed at a moment the run could not see, or the run never resumed them).
     */
    static Optional<Duration> measuredFreeze(JournaledRun run) {
        return FreezeSpan.of(run.events()) instanceof FreezeSpan.Ended e ? Optional.of(e.frozenFor()) : Optional.empty();
    }

    /** Writes the Prometheus text exposition (format 0.0.4, what the textfile collector reads). */
    public static void write(PrometheusRegistry registry, OutputStream out) throws IOException {
        PrometheusTextFormatWriter.builder().setIncludeCreatedTimestamps(false).build().write(out, registry.scrape());
    }
}
