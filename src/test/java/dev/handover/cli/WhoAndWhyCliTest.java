package dev.handover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.PlanBook;
import dev.handover.journal.Requester;
import dev.handover.journal.ScheduleBook;
import dev.handover.journal.Who;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --operator}, {@code --reason}, {@code --ticket} (issue 23, who and why): said in the run's opening lines, kept
 * in the record, the plan and the schedule, told to the hooks, listed by {@code history}; a bad value is refused with
 * one message and nothing run.
 */
class WhoAndWhyCliTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal");
    }

    @Test
    void aRunKeepsWhoAndWhyInItsRecordTellsItsHooksAndHistoryListsThem() throws Exception {
        Path told = dir.resolve("told.json");
        Path hooks = dir.resolve("hooks.json");
        Files.writeString(hooks, "{\"postSwitchover\": [{\"command\": [\"sh\", \"-c\", \"cat > '" + told + "'\"],"
                + " \"timeout\": \"10s\"}]}");
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal().toString(), "--hooks", hooks.toString(),
                "--operator", "alice@db-admin1", "--reason", "kernel upgrade on n1", "--ticket", "CHG-1234");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("\n  asked by alice@db-admin1 (CHG-1234: kernel upgrade on n1)\n"), run.out());

        JournaledRun recorded = Journal.at(journal()).load().runs().get(0);
        assertEquals(new Requester("alice@db-admin1", Optional.of("kernel upgrade on n1"), Optional.of("CHG-1234")),
                recorded.report().run().requester());
        String started = Files.readAllLines(journal().resolve(Journal.FILE_NAME)).get(0);
        assertTrue(started.contains("\"operator\":\"alice@db-admin1\"") && started.contains("\"reason\":\"kernel upgrade on n1\"")
                && started.contains("\"ticket\":\"CHG-1234\""), "the started line keeps who and why: " + started);

        JsonNode payload = new ObjectMapper().readTree(Files.readString(told));
        assertEquals("alice@db-admin1", payload.path("operator").asText());
        assertEquals("kernel upgrade on n1", payload.path("reason").asText());
        assertEquals("CHG-1234", payload.path("ticket").asText());

        CliRun plain = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal().toString());
        assertTrue(plain.out().contains("\n  asked by " + Who.operator() + "\n"), plain.out());

        CliRun history = CliRun.of(dir, "history", "--journal", journal().toString());
        List<String> rows = history.out().lines().toList();
        assertTrue(rows.get(1).matches("STARTED +RUN +CLUSTER +TARGET +MODE +BY +WHY +RESULT +LOST +SKIPPED"), history.out());
        assertTrue(rows.get(2).contains(" alice@db-admin1 ") && rows.get(2).contains(" CHG-1234: kernel upgrade on n1 "),
                rows.get(2));
        assertTrue(rows.get(3).contains(" " + Who.operator() + " ") && rows.get(3).matches(".* - +committed .*"), rows.get(3));

        CliRun show = CliRun.of(dir, "history", "--journal", journal().toString(), "--show", recorded.id());
        assertTrue(show.out().contains(" by alice@db-admin1: n1 -> n2"), show.out());
        assertTrue(show.out().contains("\nTicket: CHG-1234\nReason: kernel upgrade on n1\n"), show.out());
    }

    @Test
    void aPlanKeepsWhyAndItsRunTakesItUnlessGivenAnother() throws Exception {
        CliRun plan = CliRun.of(dir, "plan", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal().toString(), "--operator", "alice", "--reason", "rack move",
                "--ticket", "INC#88");
        assertEquals(0, plan.code(), plan.out() + plan.err());
        assertTrue(plan.out().contains("\n  asked by alice (INC#88: rack move)\n"), plan.out());
        String id = PlanBookCliTest.planId(plan.out());
        PlanBook.Plan recorded = PlanBook.of(Journal.at(journal())).find(id).plan().orElseThrow();
        assertEquals(new Requester("alice", Optional.of("rack move"), Optional.of("INC#88")), recorded.requester());

        CliRun other = CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:healthy", "--journal", journal().toString(),
                "--ticket", "INC#89");
        assertEquals(1, other.code(), other.out() + other.err());
        assertTrue(other.err().contains("--ticket \"INC#89\" (the plan's is \"INC#88\") contradicts plan " + id), other.err());
        assertTrue(Journal.at(journal()).load().runs().isEmpty(), "nothing was run");

        CliRun run = CliRun.of(dir, "run", "--plan", id, "--cluster", "sim:healthy", "--journal", journal().toString(),
                "--operator", "bob", "--ticket", "INC#88");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("ago by alice (INC#88: rack move)"), run.out());
        assertEquals(new Requester("bob", Optional.of("rack move"), Optional.of("INC#88")),
                Journal.at(journal()).load().runs().get(0).report().run().requester(), "bob ran alice's plan, for its reason");
    }

    @Test
    void aScheduledRunKeepsWhoAndWhyInTheScheduleBook() throws Exception {
        Instant at = Instant.now().plusSeconds(1);
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal().toString(), "--at", at.toString(), "--reason", "night window");
        assertEquals(0, run.code(), run.out() + run.err());
        ScheduleBook.Entry scheduled = ScheduleBook.of(Journal.at(journal())).load().get(0).scheduled();
        assertEquals(Who.operator(), scheduled.operator());
        assertEquals("night window", scheduled.reason());
        assertEquals(null, scheduled.ticket());
        assertEquals(Optional.of("night window"), Journal.at(journal()).load().runs().get(0).report().run().requester().reason());
    }

    @Test
    void aBadValueIsRefusedWithOneMessageAndNothingRun() throws Exception {
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal().toString(), "--ticket", "CHG 1234", "--reason", "x".repeat(501));
        assertEquals(1, run.code(), run.out() + run.err());
        assertEquals("handover: run: --reason is 501 characters long; at most 500; --ticket \"CHG 1234\" is not a ticket id: "
                + "one token of letters, digits and - _ . # : /, at most 40 characters, such as CHG-1234 or INC#88\n", run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(journal().resolve(Journal.FILE_NAME)), "nothing was recorded");
    }

    @Test
    void theNewFlagsAreInTheHelpAndTheCompletion() {
        CliRun help = CliRun.of(dir, "run", "--help");
        assertTrue(help.out().contains("--operator=NAME") && help.out().contains("--reason=TEXT")
                && help.out().contains("--ticket=ID"), help.out());
        assertTrue(CliRun.of(dir, "completion").out().contains("--ticket"));
    }
}
