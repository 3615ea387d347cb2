package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.app.Installed;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Positions;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: {@code run --mode force} never commits without asking. On a terminal it states the loss at the force prompt
 * and commits only when the target's id is typed; a wrong id, the end of input or no answer in time declines, and
 * writes resume. (Off a terminal without {@code --force-approval} it is refused before anything is frozen: CliTest.)
 */
class ForceOnATerminalCliTest {
    @TempDir
    Path dir;

    private record Asked(int code, String out, String err, String terminal, RunReport report) {
    }

    private Asked force(String typed) throws Exception {
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter screen = new StringWriter();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                dir.resolve("journal"), Optional.of(Terminal.of(new StringReader(typed), screen)), Installed.backends())
                .run("run", "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force", "--deadline", "1s",
                        "--report", report.toString());
        return new Asked(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), screen.toString(),
                RunReport.read(report));
    }

    @Test
    void theTargetsIdTypedCommitsAfterTheLossWasStated() throws Exception {
        Asked a = force("n2\n");
        assertEquals(3, a.code(), a.out() + a.err() + a.terminal());
        String t = a.terminal();
        assertTrue(t.contains("FORCE: n2 has not reached the frozen frontier. Committing now makes it the primary and loses:"), t);
        assertTrue(t.matches("(?s).*\\n  [0-9],[0-9]{3} acknowledged writes will be lost \\(counted by the cluster\\)\\n.*"), t);
        assertTrue(t.contains("Type n2 and Enter to hand over anyway; anything else, or no answer within 1m, declines"), t);
        assertTrue(t.contains("approved: handing the primary role to n2."), t);
        // While frozen the terminal showed the catch-up, redrawn in place; the waits before the freeze were said.
        assertTrue(t.startsWith("\r  frozen 100ms: n2 900,305 LSN behind, apply rate not yet known, no ETA, deadline left 900ms"), t);
        assertTrue(a.out().contains("  sampling the write rate on n1 for the force prompt's figures…\n"
                + "  taking the run lock and checking n1, n2 and any poolers before the freeze…\n"), a.out());
        assertEquals(Result.FORCED, a.report().outcome().result());
        assertEquals("prompt", a.report().request().forceApproval(), "the record says a person was asked");
        assertTrue(a.out().contains("\nFORCED, ACKNOWLEDGED WRITES LOST: n2 is the primary"), a.out());
    }

    @Test
    void anotherIdTypedDeclinesAndWritesResume() throws Exception {
        Asked a = force("n3\n");
        assertEquals(2, a.code(), a.out() + a.err() + a.terminal());
        assertTrue(a.terminal().contains("\"n3\" is not n2: declined, writes resume on n1."), a.terminal());
        assertDeclinedAndResumed(a);
    }

    @Test
    void theEndOfInputDeclinesAndWritesResume() throws Exception {
        Asked a = force("");
        assertEquals(2, a.code(), a.out() + a.err() + a.terminal());
        assertTrue(a.terminal().contains("the input ended: declined, writes resume on n1."), a.terminal());
        assertDeclinedAndResumed(a);
    }

    private static void assertDeclinedAndResumed(Asked a) {
        RunReport r = a.report();
        assertEquals(Result.ABORTED, r.outcome().result());
        assertTrue(r.events().stream().anyMatch(e -> e.type().equals("approval-decided") && "decline".equals(e.decision())),
                r.events().toString());
        assertTrue(r.events().stream().anyMatch(e -> e.type().equals("resumed")), r.events().toString());
        // The simulator's own state after the run: the old primary takes writes, none was lost.
        assertFalse(r.invariants().leftFrozen(), "writes resumed on n1");
        assertEquals(0, r.invariants().lostWrites());
        assertFalse(r.outcome().writesFrozen());
        assertTrue(r.outcome().message().contains("writes resumed on the old primary, nothing committed"), r.outcome().message());
    }

    @Test
    void noAnswerWithinTheWindowLapsesAndTheFreezeIsKeptMeanwhile() throws Exception {
        PipedWriter keyboard = new PipedWriter(); // open, nothing typed
        StringWriter screen = new StringWriter();
        AtomicInteger renewed = new AtomicInteger();
        FailoverRequest req = new FailoverRequest(new FailoverNode("n1", "n1:5432", "eu"), new FailoverNode("n2", "n2:5432", "eu"),
                7, 0, new FailoverMode.Force(Duration.ofSeconds(1)));
        TerminalApproval approval = new TerminalApproval(Terminal.of(new PipedReader(keyboard), screen), Duration.ofMillis(400),
                renewed::incrementAndGet, () -> Duration.ZERO, p -> ForceLoss.unassessed(p, Positions.PLAIN), loss -> { });
        ForceDecision d = approval.decide(new ForcePrompt(req, 1_000, 400, 600, Duration.ofMillis(400)));
        assertEquals(ForceDecision.LAPSED, d);
        assertTrue(screen.toString().contains("no answer within 400ms: declined, writes resume on n1."), screen.toString());
        assertTrue(renewed.get() >= 1, "the freeze lease was renewed while waiting, " + renewed.get() + " times");
        keyboard.close();
    }
}
