package dev.handover.run;

import dev.handover.journal.EndReason;
import dev.handover.journal.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.OpenOptions;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.journal.HookInfo;
import dev.handover.journal.RunReport;
import dev.handover.sim.SimBackend;
import dev.handover.sim.SimCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's hooks around a run on the simulator: real processes (shell scripts) reading the run's JSON on
 * stdin, a real HTTP receiver for the webhook; a pre-switchover failure vetoes with nothing frozen, and every
 * hook's exit and output is in the record.
 */
class OperatorHooksTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final List<Received> posts = new CopyOnWriteArrayList<>();

    private record Received(String event, JsonNode body) {
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aFailingPreSwitchoverCommandVetoesTheRunWithNothingFrozenAndTheRecordSaysWhy() throws Exception {
        Path seen = dir.resolve("seen.json");
        HookSet hooks = new HookSet(List.of(command("cat > " + seen + "; echo 'CHG-1234 is not approved' >&2; exit 3")),
                List.of(), List.of(command("echo should-not-run")), List.of());
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim("healthy")) {
            RunVetoed vetoed = assertThrows(RunVetoed.class,
                    () -> RunService.prepare(spec(sim, "n2", coordinated(), Optional.of(journal), hooks)));

            assertEquals("vetoed by the pre-switchover hook sh -c " + hooks.preSwitchover().get(0).argv().get(2)
                    + " (exit 3): CHG-1234 is not approved; nothing was frozen", vetoed.getMessage());
            NodeStatus primary = sim.status().primary().orElseThrow();
            assertEquals("n1", primary.id());
            assertTrue(((SimCluster) sim).acceptsWrites("n1"), "nothing was frozen: n1 still takes writes");
            RunReport report = journal.load().runs().get(0).report();
            assertEquals(Result.ABORTED, report.outcome().result());
            assertEquals(EndReason.VETOED, report.outcome().why());
            assertTrue(report.events().isEmpty(), "the coordinator never began");
            assertEquals(1, report.hooks().size(), "the on-abort hook is not for a run that never began");
            HookInfo h = report.hooks().get(0);
            assertEquals("pre-switchover", h.phase());
            assertEquals(3, h.exit());
            assertFalse(h.ok());
            assertTrue(h.output().contains("CHG-1234 is not approved"), h.output());

            JsonNode stdin = JSON.readTree(Files.readString(seen));
            assertEquals("pre-switchover", stdin.get("event").asText());
            assertTrue(stdin.get("planned").asBoolean());
            assertEquals("n2", stdin.get("target").asText());
            assertEquals(report.run().cluster(), "sim:" + stdin.get("cluster").asText().substring(4));
            assertEquals(journal.load().runs().get(0).id(), stdin.get("runId").asText());

            // The lock and sessions were let go: the next run goes ahead.
            PreparedRun next = RunService.prepare(spec(sim, "n2", coordinated(), Optional.of(journal), HookSet.NONE));
            assertEquals(Result.COMMITTED, next.run(RunHooks.none()).finish().report().outcome().result());
        }
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledAndVetoes() throws Exception {
        HookSet hooks = new HookSet(List.of(new HookSet.Command(List.of("sleep", "30"), Duration.ofMillis(300))),
                List.of(), List.of(), List.of());
        try (ClusterConnection sim = sim("healthy")) {
            long start = System.nanoTime();
            RunVetoed vetoed = assertThrows(RunVetoed.class,
                    () -> RunService.prepare(spec(sim, "n2", coordinated(), Optional.empty(), hooks)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0, "killed, not awaited");
            assertTrue(vetoed.getMessage().contains("(timed out)"), vetoed.getMessage());
            assertTrue(vetoed.hooks().get(0).timedOut());
        }
    }

    @Test
    void aCommittedRunCallsThePostHooksWithItsOutcomeAndTheWebhookHearsEveryPhaseAsPlanned() throws Exception {
        URI url = startReceiver(200);
        Path seen = dir.resolve("post.json");
        HookSet hooks = new HookSet(List.of(command("cat > /dev/null; echo ticket ok")),
                List.of(command("cat > " + seen + "; echo 'notified, token=s3cr3t'")), List.of(command("exit 9")),
                List.of(new HookSet.Webhook(url, Duration.ofSeconds(5))));
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim("healthy")) {
            PreparedRun prepared = RunService.prepare(spec(sim, "n2", coordinated(), Optional.of(journal), hooks));
            assertEquals(2, prepared.hooksCalled().size(), "the pre command and the webhook");
            FinishedRun finished = prepared.run(RunHooks.none()).finish();

            RunReport report = finished.report();
            assertEquals(Result.COMMITTED, report.outcome().result());
            assertEquals(List.of("pre-switchover", "pre-switchover", "post-switchover", "post-switchover"),
                    report.hooks().stream().map(HookInfo::phase).toList());
            assertTrue(report.hooks().stream().allMatch(HookInfo::ok), report.hooks().toString());
            HookInfo post = report.hooks().get(2);
            assertEquals("notified, token=***", post.output(), "secrets masked as the journal masks them");
            JsonNode told = JSON.readTree(Files.readString(seen));
            assertEquals("post-switchover", told.get("event").asText());
            assertEquals("committed", told.get("outcome").get("result").asText());
            assertEquals(report.outcome().newTerm().longValue(), told.get("newTerm").asLong());

            assertEquals(List.of("pre-switchover", "post-switchover"), posts.stream().map(Received::event).toList());
            assertTrue(posts.stream().allMatch(p -> p.body().get("planned").asBoolean()));
            assertEquals("committed", posts.get(1).body().get("outcome").get("result").asText());
            assertEquals(report.hooks(), journal.load().runs().get(0).report().hooks(), "the journal holds every hook's record");
        }
    }

    @Test
    void aDeclinedForceCallsTheOnAbortHooksAndAWebhookThatFailsVetoesNothing() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path seen = dir.resolve("abort.json");
        HookSet hooks = new HookSet(List.of(), List.of(command("echo should-not-run")), List.of(command("cat > " + seen)),
                List.of(new HookSet.Webhook(URI.create("http://127.0.0.1:" + closed + "/hook"), Duration.ofSeconds(2))));
        try (ClusterConnection sim = sim("stalled-replica")) {
            PreparedRun prepared = RunService.prepare(spec(sim, "n2", new FailoverMode.Force(Duration.ofSeconds(1)),
                    Optional.empty(), hooks));
            assertFalse(prepared.hooksCalled().get(0).ok(), "the webhook could not post");
            FinishedRun finished = prepared.run(RunHooks.none()
                    .withApproval(ForceApproval.always(ForceDecision.DECLINE, Duration.ofSeconds(30)))).finish();

            RunReport report = finished.report();
            assertEquals(Result.ABORTED, report.outcome().result());
            assertEquals(List.of("pre-switchover", "on-abort", "on-abort"),
                    report.hooks().stream().map(HookInfo::phase).toList());
            assertEquals("aborted", JSON.readTree(Files.readString(seen)).get("outcome").get("result").asText());
        }
    }

    @Test
    void aHooksFileIsReadFieldByFieldAndABadOneIsNamed() throws Exception {
        Path file = dir.resolve("hooks.json");
        Files.writeString(file, "{\"preSwitchover\": [{\"command\": [\"/usr/local/bin/ticket\", \"CHG-1\"], \"timeout\": \"45s\"}],"
                + " \"webhooks\": [{\"url\": \"https://pager.example.com/h\"}]}");
        HookSet read = HooksFile.read(file);
        assertEquals(List.of(new HookSet.Command(List.of("/usr/local/bin/ticket", "CHG-1"), Duration.ofSeconds(45))),
                read.preSwitchover());
        assertEquals(HooksFile.DEFAULT_TIMEOUT, read.webhooks().get(0).timeout());

        record Bad(String json, String message) {
        }
        for (Bad bad : List.of(
                new Bad("{\"preSwitchover\": [{\"command\": \"ticket CHG-1\"}]}", "preSwitchover[0].command: must be an array"),
                new Bad("{\"postSwitchover\": [{\"command\": [\"x\"], \"timeout\": \"30\"}]}", "postSwitchover[0].timeout \"30\" has no unit"),
                new Bad("{\"webhooks\": [{\"url\": \"ftp://x/h\"}]}", "webhooks[0].url: must be an http:// or https:// URL"),
                new Bad("{\"onAbort\": [{\"command\": [\"x\"], \"password\": \"p\"}]}", "onAbort[0].password: passwords do not belong"),
                new Bad("{\"preswitchover\": []}", "preswitchover: unknown field"),
                new Bad("[]", "(top level): must be a JSON object with preSwitchover"))) {
            Files.writeString(file, bad.json());
            ClusterException e = assertThrows(ClusterException.class, () -> HooksFile.read(file), bad.json());
            assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(bad.message()), e.getMessage());
        }
    }

    private HookSet.Command command(String script) throws Exception {
        return new HookSet.Command(List.of("sh", "-c", script), TIMEOUT);
    }

    private URI startReceiver(int status) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            posts.add(new Received(exchange.getRequestHeaders().getFirst("X-Handover-Event"),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    private static FailoverMode coordinated() {
        return new FailoverMode.Coordinated(Duration.ofSeconds(5));
    }

    private static ClusterConnection sim(String scenario) throws ClusterException {
        return new SimBackend().open(scenario, OpenOptions.virtualTime(1));
    }

    private static RunSpec spec(ClusterConnection cluster, String target, FailoverMode mode, Optional<Journal> journal,
                                HookSet hooks) throws ClusterException {
        ClusterSnapshot before = cluster.status();
        NodeStatus primary = before.primary().orElseThrow();
        NodeStatus to = before.node(target).orElseThrow();
        FailoverRequest request = new FailoverRequest(primary.node(), to.node(), primary.role().term(), to.durableLsn(), mode);
        return new RunSpec(cluster, before, request, POLL, mode.isForce() ? Optional.of("decline") : Optional.empty(),
                journal, hooks);
    }
}
