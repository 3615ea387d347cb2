package dev.handover.cli;

import dev.handover.core.ForceDecision;
import dev.handover.journal.EventType;
import dev.handover.app.Installed;
import dev.handover.journal.RunReport;
import dev.handover.sim.InvariantReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless command end to end: arguments in; stdout, stderr, exit code and report out. */
class CliTest {
    @TempDir
    Path dir;

    /** Where runs without --journal are recorded in these tests: never the user's own journal. */
    @TempDir
    static Path defaultJournal;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                defaultJournal, Installed.backends()).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private RunReport runWithReport(int expectedCode, String... args) throws Exception {
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--report");
        all.add(report.toString());
        Result r = cli(all.toArray(String[]::new));
        assertEquals(expectedCode, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        return RunReport.read(report);
    }

    @Test
    void statusNamesEachReplicasUpstreamByItsNodeId() {
        // Before (issue 21): "replica of 10.0.1.1:5432"; the address stays in the ADDR column.
        Result r = cli("status", "--cluster", "sim:healthy");
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertTrue(rows.stream().anyMatch(l -> l.matches("n1 +primary +7 +eu-west +10\\.0\\.1\\.1:5432 .*")), r.out());
        for (String replica : List.of("n2", "n3")) {
            assertTrue(rows.stream().anyMatch(l -> l.startsWith(replica + " ") && l.matches("n[23] +replica of n1 +7 .*")), r.out());
        }
        assertFalse(r.out().contains("replica of 10."), r.out());
        // Replicas that apply, a few hundred LSN and under a millisecond behind, have a time: it is not "unknown".
        assertFalse(r.out().contains("time unknown"), r.out());
    }

    @Test
    void healthyCoordinatedHandoverIsZeroRpo() throws Exception {
        RunReport r = runWithReport(0, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s");
        assertEquals(dev.handover.journal.Result.COMMITTED, r.outcome().result());
        assertEquals(r.request().currentTerm() + 1, (long) r.outcome().newTerm());
        assertEquals(8, (long) r.outcome().newTerm());
        assertEquals(0, r.outcome().skippedLsn());
        assertEquals(r.outcome().frontierLsn(), r.outcome().reachedLsn());
        assertEquals(0, r.invariants().lostWrites());
        assertFalse(r.invariants().leftFrozen());
        assertEquals(List.of(new RunReport.RoleInfo("n2", "primary", 8, null),
                new RunReport.RoleInfo("n1", "replica", 8, "10.0.1.2:5432")), r.outcome().roles());
        assertEquals(EventType.FROZEN, r.events().get(0).kind());
        assertEquals(EventType.COMMITTED, r.events().get(r.events().size() - 1).kind());
        assertEquals("sim:healthy", r.run().cluster());
    }

    @Test
    void stalledTargetCoordinatedAbortsAndThePrimaryTakesWritesAgain() throws Exception {
        RunReport r = runWithReport(2, "run", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode",
                "coordinated", "--deadline", "1s", "--run-anyway");
        assertEquals(dev.handover.journal.Result.ABORTED, r.outcome().result());
        assertEquals("catch-up-timed-out", r.outcome().reason());
        assertFalse(r.outcome().writesFrozen());
        assertFalse(r.invariants().leftFrozen(), "the primary takes writes again");
        assertEquals(0, r.invariants().lostWrites());
        assertTrue(r.events().stream().anyMatch(e -> e.kind() == EventType.RESUMED));
        assertEquals(1000, r.outcome().waitedMs());
    }

    @Test
    void stalledTargetForcedAndApprovedSkipsAndCountsTheLostWrites() throws Exception {
        RunReport r = runWithReport(3, "run", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force",
                "--deadline", "1s", "--force-approval", "approve");
        assertEquals(dev.handover.journal.Result.FORCED, r.outcome().result());
        assertTrue(r.outcome().forced());
        assertTrue(r.outcome().skippedLsn() > 0);
        assertEquals(r.outcome().frontierLsn() - r.outcome().reachedLsn(), r.outcome().skippedLsn());
        // The acknowledged writes in (reached, frontier]: ~900 kB of ~600-byte writes, counted by the sim's ledger.
        assertTrue(r.invariants().lostWrites() > r.outcome().skippedLsn() / 900
                && r.invariants().lostWrites() < r.outcome().skippedLsn() / 300, "lost " + r.invariants().lostWrites());
        assertEquals(ExactLoss.lostWritesInSkippedRange("stalled-replica", "n2", 1), r.invariants().lostWrites());
        assertTrue(r.events().stream().anyMatch(e -> e.kind() == EventType.APPROVAL_DECIDED
                && e.forceDecision().orElseThrow() == ForceDecision.APPROVE));
    }

    @Test
    void stalledTargetForcedButDeclinedAborts() throws Exception {
        RunReport r = runWithReport(2, "run", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force",
                "--deadline", "1s", "--force-approval", "decline");
        assertEquals(dev.handover.journal.Result.ABORTED, r.outcome().result());
        assertEquals("force-declined", r.outcome().reason());
        assertEquals(0, r.invariants().lostWrites());
        assertFalse(r.invariants().leftFrozen());
    }

    @Test
    void scriptedFaultsPlayDuringAHeadlessRun() throws Exception {
        RunReport crash = runWithReport(2, "run", "--cluster", "sim:target-crash", "--target", "n2", "--mode",
                "coordinated", "--deadline", "10s");
        assertEquals("poll-failed", crash.outcome().reason());
        assertTrue(crash.outcome().message().contains("n2 is down"), crash.outcome().message());
        assertEquals(1500, crash.outcome().waitedMs());

        RunReport flaky = runWithReport(2, "run", "--cluster", "sim:flaky-link", "--target", "n2", "--mode",
                "coordinated", "--deadline", "10s");
        assertTrue(flaky.outcome().message().contains("partition"), flaky.outcome().message());
    }

    @Test
    void forceWithNobodyToAskIsRefusedBeforeAnythingIsFrozen() {
        // Before (issue 21): a force run with no --force-approval and no terminal committed past the target unasked.
        Result r = cli("run", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force", "--deadline", "500ms",
                "--journal", dir.resolve("nobody").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("handover: run: --mode force asks before it commits and there is no terminal to ask on: pass "
                + "--force-approval=approve (or =decline) to answer in advance, or run it on a terminal; nothing was frozen\n",
                r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("nobody").resolve("journal.jsonl")), "no run was started");
    }

    @Test
    void theSameSeedGivesTheSameReportApartFromTheRunBlock() throws Exception {
        String[] args = {"run", "--cluster", "sim:write-burst", "--target", "n2", "--mode", "force", "--deadline", "300ms",
                "--force-approval", "approve", "--seed", "9"};
        RunReport a = runWithReport(3, args);
        RunReport b = runWithReport(3, args);
        assertEquals(a.withoutRunInfo(), b.withoutRunInfo());
        assertEquals(a.withoutRunInfo().toJson(), b.withoutRunInfo().toJson());
        RunReport other = runWithReport(3, "run", "--cluster", "sim:write-burst", "--target", "n2", "--mode", "force",
                "--deadline", "300ms", "--force-approval", "approve", "--seed", "10");
        assertFalse(a.outcome().equals(other.outcome()), "another seed, another run");
    }

    @Test
    void theRunIsPrintedInPlainWords() {
        Result r = cli("run", "--cluster", "sim:healthy", "--target", "n3", "--mode", "coordinated", "--deadline", "5s");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("writes frozen on n1"), r.out());
        assertTrue(r.out().contains("COMMITTED: n3 is the primary under term 8"), r.out());
        assertTrue(r.out().contains("0 acknowledged writes lost"), r.out());
    }

    @Test
    void aCommitThatFailsIsAnUnknownOutcomeWithWritesFrozen() throws Exception {
        Path file = dir.resolve("fail-commit.json");
        String healthy = new String(getClass().getResourceAsStream("/scenarios/healthy.json").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(file, healthy.replace("\"load\":", "\"faults\": [{\"at\": \"0s\", \"fault\": \"fail-commit\"}],\n  \"load\":"));
        RunReport r = runWithReport(4, "run", "--cluster", "sim:" + file, "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s");
        assertEquals(dev.handover.journal.Result.UNKNOWN, r.outcome().result());
        assertTrue(r.outcome().writesFrozen());
        assertTrue(r.invariants().leftFrozen());
        assertEquals(8, (long) r.outcome().newTerm());
    }

    /** A freeze that failed froze nothing: the line says so, not "writes resumed" (never observed). */
    @Test
    void aFreezeThatFailsSaysNothingWasFrozen() throws Exception {
        Path file = dir.resolve("fail-freeze.json");
        String healthy = new String(getClass().getResourceAsStream("/scenarios/healthy.json").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(file, healthy.replace("\"load\":", "\"faults\": [{\"at\": \"0s\", \"fault\": \"fail-freeze\"}],\n  \"load\":"));
        Result r = cli("run", "--cluster", "sim:" + file, "--target", "n2", "--mode", "coordinated", "--deadline", "5s");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("ABORTED (freeze-failed): nothing committed, nothing frozen on n1."), r.out());
        assertFalse(r.out().contains("writes resumed"), r.out());
    }

    @Test
    void aResumeThatFailsLeavesWritesFrozenAndSaysSo() throws Exception {
        Path file = dir.resolve("fail-resume.json");
        String stalled = new String(getClass().getResourceAsStream("/scenarios/stalled-replica.json").readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(file, stalled.replace("\"load\":", "\"faults\": [{\"at\": \"0s\", \"fault\": \"fail-resume\"}],\n  \"load\":"));
        Result r = cli("run", "--cluster", "sim:" + file, "--target", "n2", "--mode", "coordinated", "--deadline", "1s",
                "--run-anyway");
        assertEquals(4, r.code(), r.out());
        assertTrue(r.out().contains("WRITES ARE STILL FROZEN"), r.out());
    }

    @Test
    void statusPrintsTheNodes() {
        Result r = cli("status", "--cluster", "sim:stalled-replica");
        assertEquals(5, r.code(), "a degraded node exits 5: " + r.err());
        assertTrue(r.out().contains("Cluster degraded: n2 stalled"), r.out());
        assertTrue(r.out().startsWith("sim:stalled-replica"));
        assertTrue(r.out().contains("NODE") && r.out().contains("HEALTH"));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("n2") && l.contains("degraded") && l.contains("stalled")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("n1") && l.contains("primary") && l.contains("eu-west")));
    }

    @Test
    void scenariosListsTheBuiltInsWithTitles() {
        Result r = cli("scenarios");
        assertEquals(0, r.code());
        for (String name : List.of("healthy", "lagging-replica", "stalled-replica", "target-crash", "write-burst", "flaky-link")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name + " ")), name);
        }
        assertTrue(r.out().contains("A stalled replica"));
    }

    @Test
    void helpExplainsTheExitCodes() {
        Result r = cli("help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit codes"));
        assertEquals(1, cli().code());
    }

    @Test
    void badInputExitsOneWithAMessageNamingIt() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"name\": \"x\", \"nodes\": [}");
        String[] base = {"--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s"};
        record Case(List<String> args, String named) {
        }
        List<Case> cases = List.of(
                new Case(List.of("frobnicate"), "unknown command \"frobnicate\""),
                new Case(with(base, "--colour", "red"), "unknown flag --colour"),
                new Case(List.of("run", "--cluster", "sim:healthy", "--target"), "--target needs a value"),
                new Case(List.of("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated"), "missing --deadline"),
                new Case(replace(base, "5s", "5 seconds"), "--deadline \"5 seconds\" is not a duration"),
                new Case(replace(base, "5s", "-1s"), "--deadline: negative duration: -1s"),
                new Case(with(base, "--poll", "0ms"), "--poll must be between 10ms and 1m, got 0ms"),
                new Case(replace(base, "5s", "2h"), "--deadline must be between 0ms and 10m, got 2h"),
                new Case(with(base, "--poll", "1ms"), "--poll must be between 10ms and 1m, got 1ms"),
                new Case(replace(base, "coordinated", "yolo"), "--mode expects coordinated or force"),
                new Case(replace(base, "n2", "n9"), "--target n9: no such node in sim:healthy (nodes: n1, n2, n3)"),
                new Case(replace(base, "n2", "n1"), "--target n1 is the current primary"),
                new Case(replace(base, "sim:healthy", "sim:nope"), "unknown scenario \"nope\""),
                new Case(replace(base, "sim:healthy", "mysql:prod"), "unknown kind of cluster \"mysql:\""),
                new Case(replace(base, "sim:healthy", "pg:prod"), "prod: no such file"),
                new Case(replace(base, "sim:healthy", "healthy"), "--cluster \"healthy\" is not a cluster address: expected sim:"),
                new Case(replace(base, "sim:healthy", "sim:" + broken), "scenario file " + broken),
                new Case(with(base, "--seed", "abc"), "--seed expects a whole number"),
                new Case(with(base, "--force-approval", "approve"), "--force-approval applies only to --mode force"),
                new Case(with(base, "--report", dir.resolve("no/such/dir/r.json").toString()), "does not exist"),
                new Case(with(base, "--deadline", "1s"), "--deadline given twice"),
                new Case(List.of("status", "--cluster", "sim:" + broken), "scenario file " + broken),
                new Case(List.of("scenarios", "extra"), "unexpected argument \"extra\""));
        for (Case c : cases) {
            Result r = cli(c.args().toArray(String[]::new));
            assertEquals(1, r.code(), c.args() + " -> " + r.out() + r.err());
            assertTrue(r.err().contains(c.named()), c.args() + ": expected \"" + c.named() + "\" in: " + r.err());
            assertEquals(1, r.err().lines().count(), "one message: " + r.err());
            assertFalse(r.out().contains("writes frozen"), "nothing was run: " + r.out());
        }
    }

    private static List<String> with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(base));
        all.addAll(List.of(more));
        return all;
    }

    private static List<String> replace(String[] base, String from, String to) {
        List<String> all = new ArrayList<>(List.of("run"));
        for (String a : base) {
            all.add(a.equals(from) ? to : a);
        }
        return all;
    }

    /** An independent replay: the same seed and warm-up, then the ledger's count of what the force will skip. */
    static final class ExactLoss {
        static long lostWritesInSkippedRange(String scenario, String target, long seed) throws Exception {
            var clock = new dev.handover.sim.VirtualClock();
            var sim = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn(scenario), seed, clock);
            clock.advance(dev.handover.sim.SimBackend.WARM_UP);
            var tx = sim.uncheckedTransport(target, RunCommand.DEFAULT_POLL);
            long frontier = tx.freezePrimary();
            long reached = tx.pollTargetFrontier(); // a stalled target's durable frontier does not move
            long count = sim.acknowledgedWritesBetween(reached, frontier);
            tx.resumePrimary();
            InvariantReport inv = sim.invariants();
            assertEquals(0, inv.lostWrites());
            return count;
        }
    }
}
