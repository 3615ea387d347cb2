package dev.handover.ui;

import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunRecording;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.training.TargetRanking;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Journals as a crash or a disk leaves them, for the history and the recovery prompt. */
public final class JournalFixtures {
    private JournalFixtures() {
    }

    /**
     * A run on {@code sim:lagging-replica} that froze writes on n1, polled n3 once and then died with
     * the process: nothing resumed, nothing committed. Returns its id.
     */
    public static String crashedWhileFrozen(Journal journal) throws IOException {
        RunReport.RequestInfo request = new RunReport.RequestInfo("n1", "10.0.1.1:5432", "eu-west", "n3", "10.0.2.3:5432",
                "us-east", 7, 8, "coordinated", 30_000, 10, 100, "prompt", 1L);
        JournalRun run = journal.start(Who.now("sim:lagging-replica", Instant.parse("2026-11-26T06:00:00Z")), request,
                List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), 1_000));
        run.on(new HandoverEvent.Polled(Duration.ofMillis(20), 500, 1_000));
        return run.id();
    }

    /**
     * A run on the PostgreSQL cluster {@code cluster} ({@code pg:…}) that froze pg1 under term 3 and polled
     * pg2 once, then died with the process. Caught up: the commit was next (verify roles); otherwise
     * nothing was committed (resume writes). Returns its id.
     */
    public static String diedOnPostgres(Journal journal, String cluster, boolean caughtUp) throws IOException {
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "10.0.0.1:5432", "a", "pg2", "10.0.0.2:5432",
                "a", 3, 4, "coordinated", 30_000, 10, 0, "prompt", null);
        JournalRun run = journal.start(Who.now(cluster, Instant.parse("2026-11-26T06:00:00Z")), request, List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), 1_000));
        run.on(new HandoverEvent.Polled(Duration.ofMillis(20), caughtUp ? 1_000 : 500, 1_000));
        return run.id();
    }

    /**
     * A coordinated run to {@code target} on the built-in {@code scenario}, played in virtual time and
     * recorded in {@code journal} as the console would; returns its report.
     */
    public static RunReport played(Journal journal, String scenario, String target) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn(scenario), 3, clock);
        clock.advance(Duration.ofSeconds(2));
        var before = sim.status();
        var p = before.primary().orElseThrow();
        var t = before.node(target).orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(30)));
        Duration poll = Duration.ofMillis(100);
        RunRecording run = RunRecording.start(journal, Who.now(sim.name(), Instant.now()),
                RunRecorder.request(req, poll, Optional.of("prompt"), Optional.of(3L)), TargetRanking.rank(before));
        try {
            FailoverCoordinator.run(req, run.watch(sim.uncheckedTransport(target, poll)), RunHooks.none().withListener(run.listener()));
        } catch (FailoverException ended) {
            // the terminal event is recorded
        }
        InvariantReport inv = sim.invariants();
        return run.finish(Optional.of(new RunReport.InvariantsInfo(inv.lostWrites(), inv.primariesPerTerm(),
                inv.leftFrozen(), inv.violations())));
    }

    /** Appends half a line, as a disk filling up mid-write would. */
    public static void appendTornLine(Journal journal) throws IOException {
        Files.createDirectories(journal.directory());
        Files.writeString(journal.file(), "{\"type\":\"started\",\"run\":\"2026", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public static Path file(Journal journal) {
        return journal.file();
    }
}
