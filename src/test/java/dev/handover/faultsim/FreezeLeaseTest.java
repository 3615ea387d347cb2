package dev.handover.faultsim;

import dev.handover.journal.Result;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.PollThinning;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.EventEntry;
import dev.handover.journal.RunReport;
import dev.handover.journal.RunRecording;
import dev.handover.journal.Who;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The freeze lease: if the console dies mid catch-up, the primary takes writes again by itself once
 * the lease lapses, and the journal shows the run unfinished.
 */
class FreezeLeaseTest {
    @TempDir
    Path journalDir;

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(100);

    /** The console process dying: an Error the coordinator does not catch, so it makes no further call. */
    static final class ConsoleDied extends Error {
        ConsoleDied() {
            super("the console process died", null, false, false);
        }
    }

    /** The simulator's transport, until the console dies on the n-th catch-up wait; remembers the last renewal. */
    static final class DyingTransport extends ForwardingTransport {
        private final VirtualClock clock;
        private final int dieOnWait;
        private int waits;
        Duration lastRenewal = Duration.ZERO;

        DyingTransport(FailoverTransport inner, VirtualClock clock, int dieOnWait) {
            super(inner);
            this.clock = clock;
            this.dieOnWait = dieOnWait;
        }

        @Override
        public long freezePrimary() throws TransportException {
            long frontier = delegate.freezePrimary();
            lastRenewal = clock.now();
            return frontier;
        }

        @Override
        public void renewFreezeLease() throws TransportException {
            delegate.renewFreezeLease();
            lastRenewal = clock.now();
        }

        @Override
        public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
            if (++waits == dieOnWait) {
                throw new ConsoleDied();
            }
            return delegate.awaitTargetFrontier(frontier, maxWait);
        }
    }

    @Test
    void aConsoleThatDiesMidCatchUpLeavesWritesFrozenOnlyUntilTheLeaseLapses() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn("lagging-replica"), 1, clock);
        sim.setFreezeLease(LEASE);
        clock.advance(Duration.ofSeconds(2));
        ClusterSnapshot before = sim.status();
        var primary = before.primary().orElseThrow();
        var target = before.node("n3").orElseThrow(); // ~24 MB behind: a catch-up of about a minute
        FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(),
                target.durableLsn(), new FailoverMode.Coordinated(Duration.ofMinutes(2)));
        Journal journal = Journal.at(journalDir);
        RunRecording recording = RunRecording.start(journal, Who.now(sim.name(), Instant.EPOCH),
                RunRecorder.request(req, POLL, Optional.empty(), Optional.of(1L)), List.of());
        FailoverTransport simTx = sim.uncheckedTransport("n3", POLL);
        DyingTransport tx = new DyingTransport(recording.watch(simTx), clock, 40);

        assertThrows(ConsoleDied.class, () -> FailoverCoordinator.run(req, tx,
                RunHooks.none().withListener(recording.listener())));

        // The run died about 4 s in, longer than one lease: the lease was renewed while it waited.
        Duration diedAt = clock.now();
        assertTrue(tx.elapsed().compareTo(LEASE) > 0, "the run outlived one lease before dying: " + tx.elapsed());
        assertTrue(diedAt.minus(tx.lastRenewal).compareTo(POLL) <= 0, "renewed right before the last wait");
        assertFalse(sim.acceptsWrites("n1"), "frozen while the dead console's last renewal holds");
        long acknowledgedAtDeath = sim.acknowledgedWrites();

        // The lease holds exactly as long as promised: not shorter ...
        clock.advance(tx.lastRenewal.plus(LEASE).minus(SimCluster.STEP).minus(clock.now()));
        assertFalse(sim.acceptsWrites("n1"), "still frozen just before the lease lapses");
        assertEquals(acknowledgedAtDeath, sim.acknowledgedWrites(), "no write acknowledged while frozen");
        // ... and not longer: within the lease of the last renewal, n1 takes writes again by itself.
        clock.advance(SimCluster.STEP.multipliedBy(2));
        assertTrue(sim.acceptsWrites("n1"), "the primary takes writes again once the lease lapsed");
        assertTrue(clock.now().minus(diedAt).compareTo(LEASE.plus(SimCluster.STEP)) <= 0);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(sim.acknowledgedWrites() > acknowledgedAtDeath, "and acknowledges them");
        assertFalse(sim.invariants().leftFrozen());
        assertTrue(sim.notes().stream().anyMatch(n -> n.text().contains("freeze lease on n1 lapsed")));

        // Nothing changed hands and nothing was lost; the dead run's transport can no longer commit.
        assertEquals("n1", sim.primaryId());
        assertEquals(0, sim.invariants().lostWrites());
        TransportException zombie = assertThrows(TransportException.class, () -> simTx.commitHandover(req.newTerm()));
        assertTrue(zombie.getMessage().contains("lapsed"), zombie.getMessage());
        assertEquals("n1", sim.primaryId());
        assertTrue(sim.invariants().holds());

        // The journal, read as the next console start would: the run is unfinished, writes may be frozen.
        List<Recovery> unfinished = journal.unfinishedRuns();
        assertEquals(1, unfinished.size());
        Recovery recovery = unfinished.get(0);
        assertEquals(recording.id(), recovery.runId());
        assertTrue(recovery.writesMayBeFrozen());
        assertEquals(RecoveryAction.RESUME_WRITES, recovery.action(), recovery.advice());
        assertEquals("n1", recovery.primary());
        JournaledRun run = recovery.run();
        assertFalse(run.finished());
        assertEquals(Result.UNFINISHED, run.result());
        assertTrue(run.events().get(0) instanceof HandoverEvent.Frozen);
        assertTrue(run.events().stream().noneMatch(HandoverEvent::isTerminal));
        // Every event the record keeps (PollThinning: some readings are left out) was on disk before the run moved on.
        PollThinning kept = new PollThinning(req.mode().deadline().toMillis());
        List<EventEntry> written = new java.util.ArrayList<>();
        recording.events().forEach(e -> written.addAll(kept.offer(RunRecorder.entry(e))));
        assertEquals(written.stream().map(e -> e.atMs()).toList(), run.report().events().stream().map(e -> e.atMs()).toList(),
                "every kept event reached the journal before the run moved on");
        assertTrue(run.events().size() < recording.events().size(), "readings were left out: " + run.events().size());
    }
}
