package dev.handover.cli;

import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.PlanBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover plan} records its plan beside the journal; {@code run --plan <id>} runs it as planned, or refuses
 * — an unknown id, a damaged line, flags that contradict it, another cluster, a no-go or stale plan — with one
 * message and nothing run.
 */
class PlanBookCliTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedPlanRunsAsPlannedAndItsRunNamesIt() throws Exception {
        Path journal = dir.resolve("journal");
        CliRun plan = CliRun.of(dir, "plan", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString());
        assertEquals(0, plan.code(), plan.out() + plan.err());
        String id = planId(plan.out());
        assertTrue(plan.out().contains("  handover run --plan " + id + " --cluster sim:healthy --journal " + journal), plan.out());

        PlanBook.Plan recorded = PlanBook.of(Journal.at(journal)).find(id).plan().orElseThrow();
        assertTrue(recorded.go());
        assertEquals("sim:healthy", recorded.cluster());
        assertEquals(new PlanBook.Request("n2", "coordinated", 5000, 100, null, "n1", 7), recorded.request());
        assertEquals("n1", recorded.snapshot().primary());
        assertEquals(List.of("n1", "n2", "n3"), recorded.snapshot().nodes().stream().map(PlanBook.NodeFact::id).toList());
        assertFalse(recorded.preflight().isEmpty());
        assertTrue(Journal.at(journal).load().runs().isEmpty(), "a plan runs nothing");

        // The same flags as the plan are no contradiction; the rest comes from the plan.
        CliRun run = CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:healthy", "--journal", journal.toString(),
                "--target", "n2", "--deadline", "5000ms");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().startsWith("Plan " + id + " (made "), run.out());
        assertTrue(run.out().contains("the cluster is as planned"), run.out());
        assertTrue(run.out().contains("Handover on sim:healthy (seed 1, virtual time): n1 -> n2, coordinated, deadline 5s"), run.out());
        assertTrue(run.out().contains("COMMITTED"), run.out());
        List<JournaledRun> runs = Journal.at(journal).load().runs();
        assertEquals(1, runs.size());
        assertEquals(id, runs.get(0).report().run().plan(), "the run's record names its plan");
        assertTrue(Files.readString(journal.resolve(Journal.FILE_NAME)).contains("\"plan\":\"" + id + "\""));
    }

    @Test
    void anUnknownIdADamagedLineAndContradictingFlagsAreRefusedInOneMessage() throws Exception {
        Path journal = dir.resolve("journal");
        String id = planId(CliRun.of(dir, "plan", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString()).out());

        CliRun unknown = run("Pnosuchplan", journal);
        assertEquals(1, unknown.code());
        assertEquals("handover: run: --plan Pnosuchplan: no such plan in " + journal.resolve(PlanBook.FILE_NAME).toAbsolutePath()
                + "; plans are recorded by handover plan with the same --journal\n", unknown.err());
        assertEquals("", unknown.out());

        CliRun contradicts = CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:healthy", "--journal", journal.toString(),
                "--target", "n3", "--mode", "force", "--deadline", "5s");
        assertEquals(1, contradicts.code());
        assertEquals("handover: run: --target n3 (the plan's is n2), --mode force (the plan's is coordinated) contradict plan "
                + id + "; a plan runs as it was checked: leave those flags out, or make a new plan; nothing was run\n",
                contradicts.err());

        CliRun otherCluster = CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:lagging-replica", "--journal", journal.toString());
        assertEquals(1, otherCluster.code());
        assertTrue(otherCluster.err().contains("plan " + id + " was made on sim:healthy, not sim:lagging-replica"), otherCluster.err());

        CliRun onPlan = CliRun.of(dir, "plan", "--plan", id, "--cluster", "sim:healthy", "--journal", journal.toString());
        assertEquals(1, onPlan.code());
        assertTrue(onPlan.err().contains("--plan runs a recorded plan: handover run --plan"), onPlan.err());

        // A torn copy of the plan's line (cut by a full disk, an editor): the plan is refused, naming the line.
        Path book = journal.resolve(PlanBook.FILE_NAME);
        String line = Files.readString(book).strip();
        Files.writeString(book, line.substring(0, line.length() / 2) + "\n", StandardCharsets.UTF_8);
        CliRun damaged = run(id, journal);
        assertEquals(1, damaged.code());
        assertTrue(damaged.err().startsWith("handover: run: --plan " + id + ": the plan's line is damaged (" + book.toAbsolutePath()
                + ":1: not a plan"), damaged.err());
        assertTrue(damaged.err().contains("plan again with handover plan"), damaged.err());
        assertEquals(1, damaged.err().lines().count(), damaged.err());
        // Other plans still read: the damage is passed over and said.
        String next = planId(CliRun.of(dir, "plan", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString()).out());
        assertEquals(1, PlanBook.of(Journal.at(journal)).load().plans().size());
        assertEquals(next, PlanBook.of(Journal.at(journal)).load().plans().get(0).id());
        CliRun stillUnknown = run("Pother", journal);
        assertTrue(stillUnknown.err().contains("(1 damaged line(s) skipped, first " + book.toAbsolutePath() + ":1:"),
                stillUnknown.err());
        assertTrue(Journal.at(journal).load().runs().isEmpty(), "nothing was run");
    }

    @Test
    void aNoGoPlanAndAStalePlanAreRefusedWithExit6() throws Exception {
        Path journal = dir.resolve("journal");
        // A plan that fails its preflight: a lagging target with no time to catch up.
        CliRun noGo = CliRun.of(dir, "plan", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "coordinated",
                "--deadline", "1s", "--journal", journal.toString());
        assertEquals(6, noGo.code(), noGo.out() + noGo.err());
        String noGoId = planId(noGo.out());
        assertTrue(noGo.out().contains("Plan " + noGoId + " recorded in ") && noGo.out().contains(" as no-go: it cannot be run"),
                noGo.out());
        CliRun refused = CliRun.of(dir, "run", "--plan", noGoId, "--cluster", "sim:stalled-replica", "--journal", journal.toString());
        assertEquals(6, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().startsWith("REFUSED: plan " + noGoId + " was a no-go ("), refused.out());
        assertTrue(refused.out().contains("); it cannot be run. Fix what failed and plan again; nothing was frozen."), refused.out());

        // A plan made more than a day ago, as a line in the book says.
        Path book = journal.resolve(PlanBook.FILE_NAME);
        String line = Files.readAllLines(book).get(0);
        Instant old = Instant.now().minus(PlanBook.MAX_AGE).minus(Duration.ofHours(1));
        String stale = line.replace(noGoId, "Pstale").replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"" + old + "\"")
                .replace("\"go\":false", "\"go\":true");
        Files.writeString(book, stale + "\n", StandardOpenOption.APPEND);
        CliRun tooOld = CliRun.of(dir, "run", "--plan", "Pstale", "--cluster", "sim:stalled-replica", "--journal", journal.toString());
        assertEquals(6, tooOld.code(), tooOld.out() + tooOld.err());
        assertTrue(tooOld.out().startsWith("REFUSED: plan Pstale was made 25h ago, at " + old), tooOld.out());
        assertTrue(tooOld.out().contains("a plan runs within 24h of being made. Plan again; nothing was frozen."), tooOld.out());
        assertTrue(Journal.at(journal).load().runs().isEmpty(), "nothing was run");
    }

    /** A plan checked on one cluster, run on it after it changed (another scenario file under the same name). */
    @Test
    void aPlanRunAfterTheClusterChangedIsRefusedNamingEveryDifference() throws Exception {
        Path journal = dir.resolve("journal");
        Path scenario = dir.resolve("cluster.json");
        String healthy = Files.readString(Path.of("src/main/resources/scenarios/healthy.json"));
        Files.writeString(scenario, healthy);
        String spec = "sim:" + scenario;
        CliRun plan = CliRun.of(dir, "plan", "--cluster", spec, "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--journal", journal.toString());
        assertEquals(0, plan.code(), plan.out() + plan.err());
        String id = planId(plan.out());
        assertTrue(plan.out().contains("--cluster " + spec + " --journal"), plan.out());
        // n3 stops applying: a node less healthy than planned (the cluster keeps its name: sim:healthy).
        Files.writeString(scenario, healthy.replace("\"region\": \"us-east\",", "\"region\": \"us-east\", \"stalled\": true,"
                + " \"behind\": 600000,"));
        assertTrue(Files.readString(scenario).contains("stalled"), "the scenario changed");
        CliRun refused = CliRun.of(dir, "run", "--plan", id, "--cluster", spec, "--journal", journal.toString());
        assertEquals(6, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().startsWith("REFUSED: the cluster is not the one plan " + id + " was made on ("), refused.out());
        assertTrue(refused.out().contains("(n3 is degraded now, was healthy (stalled: applying nothing"), refused.out());
        assertTrue(refused.out().contains("nothing was frozen. Plan again"), refused.out());
        assertFalse(refused.out().contains("writes frozen"), refused.out());
        assertTrue(Journal.at(journal).load().runs().isEmpty(), "nothing was run");
    }

    private CliRun run(String id, Path journal) {
        return CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:healthy", "--journal", journal.toString());
    }

    static String planId(String out) {
        Matcher m = Pattern.compile("Plan (P[0-9a-z]+) recorded in ").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
