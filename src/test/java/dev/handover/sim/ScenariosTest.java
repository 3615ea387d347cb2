package dev.handover.sim;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScenariosTest {
    private static final String GOOD = """
            {
              "name": "mine",
              "title": "My cluster",
              "briefing": "Two nodes.",
              "nodes": [
                {"id": "a", "addr": "h1:5432", "region": "eu", "role": "primary", "term": 3},
                {"id": "b", "addr": "h2:5432", "region": "eu", "role": "replica", "applyRate": 2000000, "linkDelay": "3ms"}
              ],
              "load": {"writesPerSecond": 100, "writeSize": 500},
              "faults": [{"at": "2s", "fault": "stall", "node": "b"}]
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theLibraryHoldsTheSixNamedScenarios() {
        assertEquals(List.of("healthy", "lagging-replica", "stalled-replica", "target-crash", "write-burst", "flaky-link"),
                Scenarios.builtInNames());
    }

    /** Every built-in loads, plays 10 s of virtual time, and survives a handover to each replica. */
    @ParameterizedTest
    @MethodSource("builtIns")
    void everyBuiltInLoadsAndPlays(String name) throws Exception {
        Scenario s = Scenarios.builtIn(name);
        assertEquals(name, s.name());
        assertFalse(s.title().isBlank());
        assertFalse(s.briefing().isBlank());
        assertEquals(List.of("n1", "n2", "n3"), s.nodes().stream().map(NodeSpec::id).toList());
        assertEquals("n1", s.primary().id());
        for (String target : List.of("n2", "n3")) {
            VirtualClock clock = new VirtualClock();
            SimCluster c = SimCluster.start(s, 1, clock);
            clock.advance(Duration.ofSeconds(2));
            ClusterSnapshot before = c.status();
            NodeStatus p = before.primary().orElseThrow();
            NodeStatus t = before.node(target).orElseThrow();
            List<HandoverEvent> events = new ArrayList<>();
            FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                    new FailoverMode.Coordinated(Duration.ofSeconds(5)));
            try {
                FailoverCoordinator.run(req, c.uncheckedTransport(target, Duration.ofMillis(100)), RunHooks.none().withListener(events::add));
            } catch (FailoverException expectedForSomeDrills) {
                // stalled, crashing and partitioned targets abort; the events below still must be well formed
            }
            assertTrue(events.get(0) instanceof HandoverEvent.Frozen, name + "/" + target + ": " + events);
            assertEquals(1, events.stream().filter(HandoverEvent::isTerminal).count());
            assertTrue(events.get(events.size() - 1).isTerminal());
            InvariantReport inv = c.invariants();
            assertEquals(0, inv.lostWrites(), "coordinated runs never lose a write");
            assertFalse(inv.leftFrozen());
            assertTrue(inv.holds(), inv.violations().toString());
            clock.advance(Duration.ofSeconds(10));
            assertEquals(3, c.status().nodes().size());
        }
    }

    static Stream<String> builtIns() {
        return Scenarios.builtInNames().stream();
    }

    @Test
    void theDrillsPlayOutAsTheirBriefingsSay() throws Exception {
        assertEquals(Aborted.POLL_FAILED, coordinatedToN2("target-crash", "5s"));
        assertEquals(Aborted.POLL_FAILED, coordinatedToN2("flaky-link", "5s"));
        assertEquals(Aborted.TIMED_OUT, coordinatedToN2("stalled-replica", "5s"));
        assertEquals(Aborted.TIMED_OUT, coordinatedToN2("write-burst", "300ms"));
        assertEquals(Aborted.NO, coordinatedToN2("write-burst", "5s"));
        assertEquals(Aborted.NO, coordinatedToN2("lagging-replica", "1s"));
    }

    private enum Aborted { NO, TIMED_OUT, POLL_FAILED }

    private static Aborted coordinatedToN2(String scenario, String deadline) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster c = SimCluster.start(Scenarios.builtIn(scenario), 1, clock);
        clock.advance(Duration.ofSeconds(2));
        ClusterSnapshot s = c.status();
        FailoverRequest req = new FailoverRequest(s.node("n1").orElseThrow().node(), s.node("n2").orElseThrow().node(), 7,
                s.node("n2").orElseThrow().durableLsn(), new FailoverMode.Coordinated(DurationText.parse(deadline)));
        try {
            FailoverCoordinator.run(req, c.uncheckedTransport("n2", Duration.ofMillis(100)));
            return Aborted.NO;
        } catch (dev.handover.core.CatchUpTimedOut e) {
            return Aborted.TIMED_OUT;
        } catch (dev.handover.core.HandoverAborted e) {
            assertEquals(dev.handover.core.AbortReason.POLL_FAILED, e.reason());
            return Aborted.POLL_FAILED;
        }
    }

    @Test
    void aFileLoadsWithDefaultsFilledIn() throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, GOOD);
        Scenario s = Scenarios.resolve(file.toString());
        assertEquals("mine", s.name());
        NodeSpec b = s.node("b").orElseThrow();
        assertEquals(3, b.term(), "a replica follows the primary's term");
        assertEquals(Duration.ofMillis(3), b.linkDelay());
        assertEquals(0.0, s.load().jitter());
        assertEquals(List.of(ScriptedFault.on(Duration.ofSeconds(2), FaultKind.STALL, "b")), s.faults());
        assertEquals(s, Scenarios.load(file));
    }

    @Test
    void unknownNamesListTheBuiltIns() {
        ClusterException e = assertThrows(ClusterException.class, () -> Scenarios.resolve("healthy2"));
        assertTrue(e.getMessage().contains("healthy, lagging-replica"), e.getMessage());
        ClusterException missing = assertThrows(ClusterException.class, () -> Scenarios.resolve(dir.resolve("nope.json").toString()));
        assertTrue(missing.getMessage().contains("nope.json") && missing.getMessage().contains("no such file"));
        assertThrows(ClusterException.class, () -> Scenarios.builtIn("nope"));
    }

    /** Each broken file gives one message naming the file and the field (and line/column when the parser knows). */
    @ParameterizedTest
    @MethodSource("broken")
    void malformedScenariosAreRejectedWithTheirMessage(String json, String expected) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, json);
        ClusterException e = assertThrows(ClusterException.class, () -> Scenarios.load(file));
        String m = e.getMessage();
        assertTrue(m.startsWith("scenario file " + file), m);
        assertTrue(m.contains(expected), "expected \"" + expected + "\" in: " + m);
        assertEquals(1, m.lines().count(), "one line: " + m);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> broken() {
        return Stream.of(
                arguments(GOOD.replace("\"name\": \"mine\",", ""), "name: missing"),
                arguments(GOOD.replace("\"title\": \"My cluster\",", "\"title\": 5,"), "title: expected a string"),
                arguments(GOOD.replace("\"applyRate\": 2000000", "\"applyRate\": \"fast\""), "nodes[1].applyRate: expected a number"),
                arguments(GOOD.replace("\"applyRate\": 2000000", "\"applyRate\": -5"), "nodes[1].applyRate: must be"),
                arguments(GOOD.replace("\"id\": \"b\"", "\"id\": \"a\""), "nodes[1].id: duplicate node id \"a\""),
                arguments(GOOD.replace("\"role\": \"primary\"", "\"role\": \"replica\""), "nodes: no primary"),
                arguments(GOOD.replace("\"role\": \"replica\"", "\"role\": \"primary\", \"term\": 3"), "nodes[1].role: a second primary"),
                arguments(GOOD.replace("\"role\": \"replica\"", "\"role\": \"leader\""), "nodes[1].role: expected \"primary\" or \"replica\""),
                arguments(GOOD.replace("\"node\": \"b\"", "\"node\": \"zz\""), "faults[0].node: unknown node \"zz\""),
                arguments(GOOD.replace("\"fault\": \"stall\"", "\"fault\": \"explode\""), "faults[0].fault: unknown fault"),
                arguments(GOOD.replace("\"at\": \"2s\"", "\"at\": \"soon\""), "faults[0].at: \"soon\" is not a duration"),
                arguments(GOOD.replace("\"at\": \"2s\"", "\"at\": \"-2s\""), "faults[0].at: negative duration: -2s"),
                arguments(GOOD.replace("\"linkDelay\": \"3ms\"", "\"linkDelay\": 3"), "nodes[1].linkDelay: expected a string"),
                arguments(GOOD.replace("\"writeSize\": 500", "\"writeSize\": 0"), "load.writeSize: must be between"),
                arguments(GOOD.replace("\"writeSize\": 500", "\"writeSize\": 2.5"), "load.writeSize: expected a whole number"),
                arguments(GOOD.replace("\"writesPerSecond\": 100", "\"writesPerSecond\": 1e30"), "load.writesPerSecond: must be between"),
                arguments(GOOD.replace("\"term\": 3", "\"term\": 99999999999999999999999"), "nodes[0].term: number out of range"),
                arguments(GOOD.replace("\"load\"", "\"lode\""), "unknown field \"lode\""),
                arguments(GOOD.replace("\"load\": {\"writesPerSecond\": 100, \"writeSize\": 500},", ""), "load: missing"),
                arguments(GOOD.substring(0, GOOD.length() / 2), "not valid JSON"),
                arguments(GOOD.replace("\"nodes\": [", "\"nodes\": {").replace("],\n  \"load\"", "},\n  \"load\""), "nodes: expected a list"),
                arguments("[]", "expected an object"),
                arguments("", "the file is empty"),
                arguments("null", "expected"),
                arguments(GOOD + "{}", "unexpected content after the scenario object"));
    }

    @Test
    void problemsFoundAfterParsingStillPointAtTheirLine() throws Exception {
        Path file = dir.resolve("twins.json");
        Files.writeString(file, GOOD.replace("\"id\": \"b\"", "\"id\": \"a\""));
        ClusterException dup = assertThrows(ClusterException.class, () -> Scenarios.load(file));
        assertTrue(dup.getMessage().contains("(line 7, column") && dup.getMessage().contains("nodes[1].id"), dup.getMessage());

        Files.writeString(file, GOOD.replace("\"node\": \"b\"", "\"node\": \"zz\""));
        ClusterException unknown = assertThrows(ClusterException.class, () -> Scenarios.load(file));
        assertTrue(unknown.getMessage().contains("(line 10, column"), unknown.getMessage());

        Files.writeString(file, GOOD.replace("\"region\": \"eu\", \"role\": \"replica\"", "\"region\": \"eu\""));
        ClusterException missing = assertThrows(ClusterException.class, () -> Scenarios.load(file));
        assertTrue(missing.getMessage().contains("(line 7, column") && missing.getMessage().contains("nodes[1].role: missing"),
                missing.getMessage());
    }

    @Test
    void fieldPathsBecomeJsonPointers() {
        assertEquals("/nodes/1/applyRate", JsonLocator.toPointer("nodes[1].applyRate"));
        assertEquals("/load/burst/every", JsonLocator.toPointer("load.burst.every"));
        assertEquals("", JsonLocator.toPointer(""));
    }

    @Test
    void jacksonErrorsCarryLineAndColumn() throws Exception {
        Path file = dir.resolve("typed.json");
        Files.writeString(file, GOOD.replace("\"applyRate\": 2000000", "\"applyRate\": \"fast\""));
        ClusterException e = assertThrows(ClusterException.class, () -> Scenarios.load(file));
        assertTrue(e.getMessage().contains("(line 7, column"), e.getMessage());
    }
}
