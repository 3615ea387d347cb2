package dev.handover.ui;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.Preflight;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.run.HookSet;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.PooledExecutor;
import dev.handover.ui.cluster.RecordedClusters;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the console is built from, handed in rather than reached for: the cluster, the one
 * background executor, the one relay onto the FX thread, and the few settings tests change.
 *
 * @param approvalWindow how long the force confirmation waits for the operator
 * @param refreshPeriod  how often the cluster table asks for status
 * @param observer       sees every run's events on the coordinator thread
 * @param journal        where every run is recorded; empty records nothing (tests)
 * @param recorded       reopens the cluster a journaled run was on, for the recovery prompt
 * @param backends       the engines installed (the registry): the Open menu's kinds, positions of recorded runs.
 *                       Handed in by the console's entry ({@code ConsoleLauncher}, {@code ConsoleApp}), never looked up
 */
public record ConsoleContext(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay,
                             Preflight preflight, Duration approvalWindow, Duration refreshPeriod,
                             HandoverListener observer, Optional<Journal> journal, RecordedClusters recorded,
                             HookSet hooks, Backends backends) {

    public static final Duration DEFAULT_APPROVAL_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REFRESH = Duration.ofMillis(250);

    public ConsoleContext {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(preflight, "preflight");
        Objects.requireNonNull(approvalWindow, "approvalWindow");
        Objects.requireNonNull(refreshPeriod, "refreshPeriod");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(backends, "backends");
    }

    /** Without operator hooks; runs recorded on a real cluster reopen it through {@code backends}, as the start opens one. */
    public ConsoleContext(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay, Preflight preflight,
                          Duration approvalWindow, Duration refreshPeriod, HandoverListener observer,
                          Optional<Journal> journal, Backends backends) {
        this(connection, executor, relay, preflight, approvalWindow, refreshPeriod, observer, journal, backends::reopen,
                HookSet.NONE, backends);
    }

    /**
     * The console's defaults on {@code connection}: a pooled executor, the platform relay, four
     * refreshes a second, no journal (the application adds one).
     */
    public static ConsoleContext of(ClusterConnection connection, Backends backends) {
        return new ConsoleContext(connection, new PooledExecutor(), FxRelay.platform(), new Preflight(),
                DEFAULT_APPROVAL_WINDOW, DEFAULT_REFRESH, HandoverListener.NONE, Optional.empty(), backends);
    }

    public ConsoleContext withApprovalWindow(Duration window) {
        return new ConsoleContext(connection, executor, relay, preflight, window, refreshPeriod, observer, journal,
                recorded, hooks, backends);
    }

    public ConsoleContext withObserver(HandoverListener l) {
        return new ConsoleContext(connection, executor, relay, preflight, approvalWindow, refreshPeriod, l, journal, recorded, hooks, backends);
    }

    public ConsoleContext withJournal(Journal j) {
        return new ConsoleContext(connection, executor, relay, preflight, approvalWindow, refreshPeriod, observer,
                Optional.of(j), recorded, hooks, backends);
    }

    /** Every run calls the operator's commands and webhooks {@code h} ({@code --hooks=FILE}). */
    public ConsoleContext withHooks(HookSet h) {
        return new ConsoleContext(connection, executor, relay, preflight, approvalWindow, refreshPeriod, observer, journal,
                recorded, h, backends);
    }

    /** The recovery prompt reopens journaled clusters with {@code r} (tests: a fake backend). */
    public ConsoleContext withRecordedClusters(RecordedClusters r) {
        return new ConsoleContext(connection, executor, relay, preflight, approvalWindow, refreshPeriod, observer, journal, r, hooks, backends);
    }
}
