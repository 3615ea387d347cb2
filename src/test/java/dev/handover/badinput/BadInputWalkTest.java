package dev.handover.badinput;

import dev.handover.badinput.BadInputCase.Attempt;
import dev.handover.badinput.BadInputCase.Console;
import dev.handover.badinput.BadInputCase.Form;
import dev.handover.badinput.BadInputCase.Headless;
import dev.handover.badinput.BadInputCase.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.handover.badinput.BadInputCase.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input walk: every row is something an operator can get wrong. Each gives exit code 1 (or,
 * for the console, a message) with exactly one line that names what was wrong; no stack trace; nothing
 * started (no freeze, no run in the journal); nothing lost (every byte in the case's directory as it was).
 * Damaged journal lines are the one kind that is reported, not refused: the journal is append-only and
 * a cut last line may be another process writing, so history/recover/run go on and say so once.
 */
class BadInputWalkTest {
    private static final String SECRET = "S3cr3t-walk-5f1c";

    @TempDir
    Path dir;

    private Scratch scratch;

    @AfterEach
    void unlock() throws IOException {
        if (scratch != null) {
            scratch.unlock();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsOneClearMessageAndChangesNothing(BadInputCase c) throws IOException {
        scratch = new Scratch(dir);
        Attempt attempt = c.attempt().apply(scratch);
        DirSnapshot before = DirSnapshot.of(dir);

        Outcome o = attempt.run(scratch);

        String shown = attempt + "\n--- stdout:\n" + o.out() + "--- stderr:\n" + o.err();
        assertEquals(c.exitCode(), o.code(), shown);
        List<String> messages = o.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(c.messages(), messages.size(), "stderr lines: " + shown);
        for (String name : c.names()) {
            assertTrue(o.err().contains(name), "the message should name " + name + ": " + shown);
        }
        for (String text : List.of(o.out(), o.err())) {
            assertFalse(text.contains("Exception"), "no exception names: " + shown);
            assertFalse(text.contains("\tat "), "no stack trace: " + shown);
            // Jackson's own location dump is noise next to our line and column.
            assertFalse(text.contains("REDACTED") || text.contains("StreamReadFeature"), "no parser internals: " + shown);
            for (String secret : c.hidden()) {
                assertFalse(text.contains(secret), "must not echo " + secret + ": " + shown);
            }
        }
        DirSnapshot after = DirSnapshot.of(dir);
        if (c.journal() == null) {
            assertFalse(o.out().contains("writes frozen"), "nothing may have been frozen: " + shown);
            assertEquals(before, after, "a refused command must change no file: " + shown);
        } else {
            assertTrue(before.onlyAppendedTo(after, c.journal()), "only " + c.journal() + " may grow: " + shown);
        }
    }

    static Stream<BadInputCase> cases() {
        List<BadInputCase> cases = new ArrayList<>();
        cases.addAll(scenarioFiles());
        cases.addAll(clusterFiles());
        cases.addAll(flagsAndValues());
        cases.addAll(commands());
        cases.addAll(journals());
        cases.addAll(reports());
        cases.addAll(consoleOptions());
        return cases.stream();
    }

    // ---- scenario files -------------------------------------------------------------------------

    private static List<BadInputCase> scenarioFiles() {
        return List.of(
                refused("scenario cut short", s -> status("sim:" + s.file("cut.json", Scratch.healthy().substring(0, 300))),
                        "cut.json", "line ", "not valid JSON"),
                refused("scenario empty", s -> status("sim:" + s.file("empty.json", "")), "empty.json", "empty"),
                refused("scenario not an object", s -> status("sim:" + s.file("list.json", "[1, 2]")), "list.json", "expected an object"),
                refused("scenario applyRate is text", s -> status("sim:" + s.healthyWith("rate-text.json",
                        "\"applyRate\": 4000000", "\"applyRate\": \"fast\"")), "rate-text.json", "line 7", "nodes[1].applyRate", "expected a number"),
                refused("scenario term is text", s -> status("sim:" + s.healthyWith("term-text.json",
                        "\"term\": 7", "\"term\": \"seven\"")), "term-text.json", "nodes[0].term", "expected a whole number"),
                refused("scenario term is a fraction", s -> status("sim:" + s.healthyWith("term-frac.json",
                        "\"term\": 7", "\"term\": 7.5")), "term-frac.json", "nodes[0].term"),
                refused("scenario nodes is an object", s -> status("sim:" + s.healthyWith("nodes-obj.json",
                        "\"nodes\": [", "\"nodes\": {\"x\": [").replace("],\n  \"load\"", "]},\n  \"load\"")),
                        "nodes-obj.json", "nodes"),
                refused("scenario negative term", s -> status("sim:" + s.healthyWith("term-neg.json",
                        "\"term\": 7", "\"term\": -7")), "term-neg.json", "nodes[0].term", "-7"),
                refused("scenario huge writesPerSecond", s -> status("sim:" + s.healthyWith("wps-huge.json",
                        "\"writesPerSecond\": 250", "\"writesPerSecond\": 1e400")), "wps-huge.json", "load.writesPerSecond"),
                refused("scenario negative writesPerSecond", s -> status("sim:" + s.healthyWith("wps-neg.json",
                        "\"writesPerSecond\": 250", "\"writesPerSecond\": -250")), "wps-neg.json", "load.writesPerSecond", "-250"),
                refused("scenario writeSize beyond an int", s -> status("sim:" + s.healthyWith("size-huge.json",
                        "\"writeSize\": 600", "\"writeSize\": 1099511627776")), "size-huge.json", "load.writeSize", "out of range"),
                refused("scenario negative applyRate", s -> status("sim:" + s.healthyWith("rate-neg.json",
                        "\"applyRate\": 4000000", "\"applyRate\": -4000000")), "rate-neg.json", "nodes[1].applyRate", "-4000000"),
                refused("scenario behind (LSN) beyond a long", s -> status("sim:" + s.healthyWith("lsn-huge.json",
                        "\"linkDelay\": \"2ms\"}", "\"linkDelay\": \"2ms\", \"behind\": 9223372036854775808}")),
                        "lsn-huge.json", "nodes[1].behind", "out of range"),
                refused("scenario negative behind (LSN)", s -> status("sim:" + s.healthyWith("lsn-neg.json",
                        "\"linkDelay\": \"2ms\"}", "\"linkDelay\": \"2ms\", \"behind\": -1}")), "lsn-neg.json", "nodes[1].behind", "-1"),
                refused("scenario duplicate node id", s -> status("sim:" + s.healthyWith("dup.json",
                        "\"id\": \"n3\"", "\"id\": \"n2\"")), "dup.json", "line 8", "nodes[2].id", "duplicate node id \"n2\""),
                refused("scenario duration without unit", s -> status("sim:" + s.healthyWith("delay-5.json",
                        "\"linkDelay\": \"2ms\"", "\"linkDelay\": \"5\"")), "delay-5.json", "nodes[1].linkDelay", "\"5\""),
                refused("scenario negative duration", s -> status("sim:" + s.healthyWith("delay-neg.json",
                        "\"linkDelay\": \"2ms\"", "\"linkDelay\": \"-1s\"")), "delay-neg.json", "nodes[1].linkDelay", "negative"),
                refused("scenario unknown field", s -> status("sim:" + s.healthyWith("field.json",
                        "\"writeSize\": 600", "\"writeSize\": 600, \"wirtes\": 1")), "field.json", "unknown field \"wirtes\""),
                refused("scenario without nodes", s -> status("sim:" + s.file("no-nodes.json", "{\"name\": \"x\", \"title\": \"t\", "
                        + "\"briefing\": \"b\", \"nodes\": [], \"load\": {\"writesPerSecond\": 1, \"writeSize\": 1}}")), "no-nodes.json", "nodes", "at least one"),
                refused("scenario with too many nodes", s -> status("sim:" + s.file("crowd.json", crowdScenario(100))),
                        "crowd.json", "nodes", "at most 100 nodes, found 101"),
                refused("scenario file over 1 MiB", s -> status("sim:" + s.file("huge.json", " ".repeat((1 << 20) + 1))), "huge.json", "1 MiB"),
                refused("scenario path through a file", s -> status("sim:" + s.file("sc-plain", "x\n") + "/drill.json"),
                        "sc-plain/drill.json", "cannot be read (Not a directory)"),
                refused("scenario file missing", s -> status("sim:" + s.path("nowhere.json")), "nowhere.json", "no such file"),
                refused("scenario is a directory", s -> status("sim:" + s.mkdir("drills.json")), "drills.json", "directory"),
                refused("run on a scenario with duplicate ids", s -> run(s, "--cluster", "sim:" + s.healthyWith("dup-run.json",
                        "\"id\": \"n3\"", "\"id\": \"n2\"")), "dup-run.json", "nodes[2].id"),
                refused("unknown built-in scenario", s -> status("sim:heathy"), "\"heathy\"", "healthy"));
    }

    // ---- PostgreSQL cluster definition files (parsed before any connection) ------------------------

    private static List<BadInputCase> clusterFiles() {
        String ok = "jdbc:postgresql://127.0.0.1:1/postgres";
        return List.of(
                refused("pg file cut short", s -> status("pg:" + s.file("pg-cut.json", "{\"nodes\": [{\"id\": \"pg1\", \"reg")),
                        "pg-cut.json", "line 1", "not valid JSON"),
                refused("pg file empty", s -> status("pg:" + s.file("pg-empty.json", "")), "pg-empty.json", "JSON object"),
                refused("pg nodes is an object", s -> status("pg:" + s.file("pg-obj.json", "{\"nodes\": {\"id\": \"pg1\"}}")),
                        "pg-obj.json", "nodes: must be an array"),
                refused("pg region is a number", s -> status("pg:" + s.file("pg-region.json", "{\"nodes\": ["
                        + "{\"id\": \"pg1\", \"region\": 5, \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\"},"
                        + "{\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\"}]}")),
                        "pg-region.json", "nodes[0].region", "must be a string"),
                refused("pg one node", s -> status("pg:" + s.file("pg-one.json", "{\"nodes\": [{\"id\": \"pg1\"}]}")),
                        "pg-one.json", "nodes", "at least two"),
                refused("pg duplicate node id", s -> status("pg:" + s.file("pg-dup.json", "{\"nodes\": ["
                        + "{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\"},"
                        + "{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\"}]}")),
                        "pg-dup.json", "nodes[1].id", "duplicate node id \"pg1\""),
                refused("pg port too large", s -> status("pg:" + s.pg("pg-port.json", "jdbc:postgresql://127.0.0.1:99999/postgres", ok)),
                        "pg-port.json", "nodes[0].jdbcUrl", "port", "99999"),
                refused("pg negative port", s -> status("pg:" + s.pg("pg-port-neg.json", "jdbc:postgresql://127.0.0.1:-5/postgres", ok)),
                        "pg-port-neg.json", "nodes[0].jdbcUrl", "port", "-5"),
                refused("pg port is text", s -> status("pg:" + s.pg("pg-port-x.json", ok, "jdbc:postgresql://127.0.0.1:five/postgres")),
                        "pg-port-x.json", "nodes[1].jdbcUrl", "port", "five"),
                refused("pg not a postgresql URL", s -> status("pg:" + s.pg("pg-url.json", "jdbc:mysql://127.0.0.1/db", ok)),
                        "pg-url.json", "nodes[0].jdbcUrl", "jdbc:postgresql://"),
                refused("pg password in the URL query", s -> status("pg:" + s.pg("pg-query.json",
                        "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres&password=" + SECRET, ok)),
                        "pg-query.json", "nodes[0].jdbcUrl", "password").hiding(SECRET),
                refused("pg password before the host", s -> status("pg:" + s.pg("pg-userinfo.json",
                        "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:1/postgres", ok)),
                        "pg-userinfo.json", "nodes[0].jdbcUrl", "password").hiding(SECRET),
                refused("pg password in a URL that is also malformed", s -> status("pg:" + s.pg("pg-userinfo2.json",
                        "postgresql://postgres:" + SECRET + "@a:1,b:2/postgres", ok)),
                        "pg-userinfo2.json", "nodes[0].jdbcUrl").hiding(SECRET),
                refused("pg password field", s -> status("pg:" + s.file("pg-pw.json", "{\"nodes\": ["
                        + "{\"id\": \"pg1\", \"region\": \"r\", \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\", \"password\": \"" + SECRET + "\"},"
                        + "{\"id\": \"pg2\", \"region\": \"r\", \"jdbcUrl\": \"" + ok + "\", \"user\": \"postgres\"}]}")),
                        "pg-pw.json", "nodes[0].password", "passwordEnv").hiding(SECRET),
                refused("pg passwordEnv not a variable name", s -> status("pg:" + s.file("pg-env.json",
                        "{\"passwordEnv\": \"1 bad\", \"nodes\": []}")), "pg-env.json", "passwordEnv", "1 bad"),
                refused("pg path through a file", s -> status("pg:" + s.file("pg-plain", "x\n") + "/cluster.json"),
                        "pg-plain/cluster.json", "cannot read: Not a directory"),
                refused("pg file is a directory", s -> status("pg:" + s.mkdir("pg-dir.json")), "pg-dir.json", "is a directory"),
                refused("pg file over 1 MiB", s -> status("pg:" + s.file("pg-huge.json", " ".repeat((1 << 20) + 1))), "pg-huge.json", "1 MiB"),
                refused("pg with too many nodes", s -> status("pg:" + s.file("pg-crowd.json", crowdPg(5000))),
                        "pg-crowd.json", "nodes", "at most 100 nodes, found 5000"),
                refused("pg file missing", s -> status("pg:" + s.path("pg-nowhere.json")), "pg-nowhere.json", "no such file"),
                refused("run on an unreachable pg cluster", s -> run(s, "--cluster", "pg:" + s.unreachablePg("pg-down.json"), "--target", "pg2"),
                        "pg-down.json", "no primary", "unreachable: pg1, pg2", "nothing was frozen"),
                refused("run on an unreachable pg cluster, unknown target", s -> run(s, "--cluster", "pg:" + s.unreachablePg("pg-down2.json"),
                        "--target", "pg9"), "--target pg9", "no such node", "pg1, pg2"));
    }

    // ---- flags and their values ------------------------------------------------------------------------

    private static List<BadInputCase> flagsAndValues() {
        return List.of(
                refused("deadline without unit", s -> run(s, "--deadline", "5"), "--deadline", "\"5\""),
                refused("deadline unknown unit", s -> run(s, "--deadline", "5x"), "--deadline", "\"5x\""),
                refused("deadline negative", s -> run(s, "--deadline", "-1s"), "--deadline", "negative duration: -1s"),
                refused("deadline huge", s -> run(s, "--deadline", "99999999999999s"), "--deadline", "99999999999999s"),
                refused("deadline beyond the limit", s -> run(s, "--deadline", "11m"), "--deadline", "between 0ms and 10m", "11m"),
                refused("deadline a bare number", s -> run(s, "--deadline", "30"), "--deadline", "\"30\"", "add a unit: 30s or 30ms"),
                refused("deadline negative milliseconds", s -> run(s, "--deadline", "-5ms"), "--deadline", "negative duration: -5ms"),
                refused("deadline empty", s -> run(s, "--deadline", ""), "--deadline", "empty"),
                refused("poll zero", s -> run(s, "--poll", "0"), "--poll", "between 10ms and 1m", "got 0"),
                refused("poll a bare number", s -> run(s, "--poll", "100"), "--poll", "add a unit: 100s or 100ms"),
                refused("poll beyond the range", s -> run(s, "--poll", "2m"), "--poll", "between 10ms and 1m", "2m"),
                refused("poll negative", s -> run(s, "--poll", "-1s"), "--poll", "negative"),
                refused("poll huge", s -> run(s, "--poll", "99999999999999s"), "--poll", "99999999999999s"),
                refused("poll too fine", s -> run(s, "--poll", "1ms"), "--poll", "between 10ms and 1m", "got 1ms"),
                refused("freeze budget zero", s -> run(s, "--freeze-budget", "0"), "--freeze-budget", "between 100ms and 10m"),
                refused("freeze budget negative", s -> run(s, "--freeze-budget", "-5s"), "--freeze-budget", "negative duration: -5s"),
                refused("freeze budget without unit", s -> run(s, "--freeze-budget", "5x"), "--freeze-budget", "\"5x\""),
                refused("freeze budget a bare number", s -> run(s, "--freeze-budget", "5"), "--freeze-budget", "add a unit: 5s or 5ms"),
                refused("freeze budget beyond the limit", s -> run(s, "--freeze-budget", "11m"), "--freeze-budget",
                        "between 100ms and 10m", "11m"),
                refused("freeze budget empty", s -> run(s, "--freeze-budget", ""), "--freeze-budget", "empty"),
                refused("seed beyond a long", s -> run(s, "--seed", "99999999999999999999"), "--seed", "99999999999999999999"),
                refused("seed a fraction", s -> run(s, "--seed", "1.5"), "--seed", "1.5"),
                refused("status seed not a number", s -> status("sim:healthy", "--seed", "many"), "--seed", "many"),
                refused("mode unknown", s -> run(s, "--mode", "fast"), "--mode", "fast"),
                refused("force approval without force", s -> run(s, "--force-approval", "approve"), "--force-approval", "--mode force"),
                refused("force approval unknown", s -> run(s, "--mode", "force", "--force-approval", "maybe"), "--force-approval", "maybe"),
                refused("unknown target", s -> run(s, "--target", "n9"), "--target n9", "no such node", "n1, n2, n3"),
                refused("primary as target", s -> run(s, "--target", "n1"), "--target n1", "current primary", "n2, n3"),
                refused("target missing", s -> run(s, "--target", null), "missing --target"),
                refused("target empty", s -> run(s, "--target", " "), "--target", "empty"),
                refused("cluster without a kind", s -> run(s, "--cluster", "healthy"), "--cluster", "\"healthy\""),
                refused("cluster of an unknown kind", s -> run(s, "--cluster", "mysql:db1"), "--cluster", "\"mysql:\""),
                refused("cluster kind without a location", s -> status("sim:"), "--cluster", "\"sim:\""),
                refused("flag given twice", s -> new Headless("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                        "--deadline", "5s", "--deadline", "6s"), "--deadline", "twice"),
                refused("a bare argument", s -> run(s, "n2"), "unexpected argument \"n2\""),
                refused("NUL in a pg path", s -> status("pg:bad\u0000name.json"), "--cluster pg:", "not a valid path"),
                refused("NUL in a scenario path", s -> status("sim:bad\u0000name.json"), "\"bad"),
                refused("NUL in the journal path", s -> run(s, "--journal", "bad\u0000dir"), "--journal", "not a valid path"),
                refused("NUL in the report path", s -> run(s, "--report", "bad\u0000.json"), "--report", "not a valid path"),
                refused("NUL in history's journal path", s -> new Headless("history", "--journal", "bad\u0000dir"), "--journal", "not a valid path"),
                refused("journal names a file", s -> run(s, "--journal", s.file("journal-file", "x\n")), "--journal", "journal-file", "is a file"));
    }

    // ---- unknown flags, missing flag values, unknown commands ---------------------------------------------

    private static List<BadInputCase> commands() {
        List<BadInputCase> cases = new ArrayList<>();
        for (String command : List.of("status", "run", "scenarios", "history", "recover", "help")) {
            cases.add(refused(command + " unknown flag", s -> new Headless(command, "--bogus", "1"), command, "--bogus"));
        }
        cases.add(refused("status --cluster without value", s -> new Headless("status", "--cluster"), "status", "--cluster", "needs a value"));
        cases.add(refused("status --seed without value", s -> new Headless("status", "--cluster", "sim:healthy", "--seed"), "--seed", "needs a value"));
        for (String flag : List.of("cluster", "target", "mode", "deadline", "poll", "force-approval", "seed", "report", "journal",
                "freeze-budget")) {
            // The value is missing when the next word is another flag, and at the end of the line.
            cases.add(refused("run --" + flag + " without value", s -> new Headless("run", "--" + flag, "--mode", "coordinated"),
                    "run", "--" + flag, "needs a value"));
        }
        cases.add(refused("run last flag without value", s -> new Headless("run", "--cluster", "sim:healthy", "--target"),
                "--target", "needs a value"));
        cases.add(refused("history --journal without value", s -> new Headless("history", "--journal"), "history", "--journal", "needs a value"));
        cases.add(refused("history --show without value", s -> new Headless("history", "--show"), "history", "--show", "needs a value"));
        cases.add(refused("history --export without file", s -> new Headless("history", "--export", "20261126-000000-abcdef"),
                "history", "--export", "a run id and a file"));
        cases.add(refused("history --show unknown run", s -> new Headless("history", "--journal", s.mkdir("j-show"), "--show", "nosuchrun"),
                "history", "\"nosuchrun\"", "journal.jsonl"));
        cases.add(refused("recover --journal without value", s -> new Headless("recover", "--journal"), "recover", "--journal", "needs a value"));
        cases.add(refused("recover --acknowledge without value", s -> new Headless("recover", "--acknowledge"), "--acknowledge", "needs a value"));
        cases.add(refused("recover --note without --acknowledge", s -> new Headless("recover", "--journal", s.mkdir("j-note"), "--note", "done"),
                "--note", "--acknowledge"));
        cases.add(refused("recover --acknowledge unknown run", s -> new Headless("recover", "--journal", s.mkdir("j-ack"),
                "--acknowledge", "nosuchrun"), "recover", "\"nosuchrun\""));
        cases.add(refused("unknown command", s -> new Headless("frob"), "unknown command \"frob\""));
        cases.add(refused("command in capitals", s -> new Headless("RUN"), "unknown command \"RUN\""));
        cases.add(refused("empty command", s -> new Headless(""), "unknown command \"\""));
        cases.add(refused("a flag where the command goes", s -> new Headless("--cluster", "sim:healthy"), "unknown command \"--cluster\""));
        cases.add(refused("no command", s -> new Headless(), "no command given", "help"));
        return cases;
    }

    // ---- the journal ---------------------------------------------------------------------------------

    private static List<BadInputCase> journals() {
        List<BadInputCase> cases = new ArrayList<>();
        for (String command : List.of("history", "recover", "run")) {
            cases.add(refused(command + ": journal file is a directory", s -> {
                s.mkdir("jd/journal.jsonl");
                return journalCommand(s, command, s.path("jd").toString());
            }, command, "jd/journal.jsonl"));
            cases.add(refused(command + ": journal directory unusable", s -> journalCommand(s, command, s.unusableDir("locked")),
                    command, "locked", "journal.jsonl"));
        }
        Map<String, String> damage = new LinkedHashMap<>();
        damage.put("garbage line", "garbage here\n");
        damage.put("line cut short", "{\"kind\":\"started\",\"run\":\"20261126-0700");
        damage.put("line of the wrong type", "[\"started\", 1]\n");
        damage.put("record missing its time", "{\"kind\":\"finished\",\"run\":\"20261126-070000-abcdef\"}\n");
        damage.put("line of an unknown kind", "{\"kind\":\"restarted\",\"run\":\"x\",\"at\":\"2026-11-26T07:00:00Z\"}\n");
        damage.forEach((what, line) -> {
            // One good run, then the damage on line 7 or later: the run still lists, the line is named once,
            // history and recover exit 1 (bad input), and run goes ahead: old damage is no input to a new run.
            cases.add(new BadInputCase("history: " + what, s -> journalCommand(s, "history", damagedJournal(s, line)),
                    List.of("journal.jsonl:"), List.of(), 1, 1, null));
            cases.add(new BadInputCase("recover: " + what, s -> journalCommand(s, "recover", damagedJournal(s, line)),
                    List.of("journal.jsonl:"), List.of(), 1, 1, null));
            cases.add(new BadInputCase("run: " + what, s -> journalCommand(s, "run", damagedJournal(s, line)),
                    List.of("journal.jsonl:", "damaged"), List.of(), 0, 1, "jr/journal.jsonl"));
        });
        for (String command : List.of("history", "recover")) {
            cases.add(new BadInputCase(command + ": empty journal file", s -> {
                s.file("je/journal.jsonl", "");
                return journalCommand(s, command, s.path("je").toString());
            }, List.of(), List.of(), 0, 0, null));
        }
        return cases;
    }

    /** A journal holding one finished run and then {@code damage}; returns its directory. */
    private static String damagedJournal(Scratch s, String damage) {
        String j = s.path("jr").toString();
        Outcome o = new Headless("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", j).run(s);
        assertEquals(0, o.code(), o.err());
        try {
            Files.writeString(s.path("jr/journal.jsonl"), damage, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return j;
    }

    private static Attempt journalCommand(Scratch s, String command, String journalDir) {
        return command.equals("run") ? run(s, "--journal", journalDir) : new Headless(command, "--journal", journalDir);
    }

    // ---- the run report ----------------------------------------------------------------------------

    private static List<BadInputCase> reports() {
        return List.of(
                refused("report in a missing directory", s -> run(s, "--report", s.path("no-dir/report.json").toString()),
                        "--report", "no-dir", "does not exist"),
                refused("report under a file", s -> run(s, "--report", s.file("plain", "x\n") + "/report.json"),
                        "--report", "plain", "not a directory"),
                refused("report in an unwritable directory", s -> run(s, "--report", s.unwritableDir("ro") + "/report.json"),
                        "--report", "cannot write", "nothing was run"),
                refused("report names a directory", s -> run(s, "--report", s.mkdir("reports")), "--report", "reports", "not a directory"),
                refused("report not clobbered by a refused run", s -> run(s, "--target", "n1",
                        "--report", s.file("earlier-report.json", "{\"an\": \"earlier report\"}\n")), "--target n1", "current primary"));
    }

    // ---- the console's options (what ConsoleApp shows in its start-error window) --------------------

    private static List<BadInputCase> consoleOptions() {
        return List.of(
                refused("console unknown option", s -> new Console("--sped=2"), "\"--sped=2\"", "--speed"),
                refused("console speed negative", s -> new Console("--speed=-1"), "--speed", "-1"),
                refused("console speed huge", s -> new Console("--speed=1e9"), "--speed", "at most 1000"),
                refused("console speed not a number", s -> new Console("--speed=NaN"), "--speed", "NaN"),
                refused("console speed text", s -> new Console("--speed=fast"), "--speed", "\"fast\""),
                refused("console seed a fraction", s -> new Console("--seed=1.5"), "--seed", "\"1.5\""),
                refused("console seed huge", s -> new Console("--seed=1e30"), "--seed", "\"1e30\""),
                refused("console seed empty", s -> new Console("--seed="), "--seed", "whole number"),
                refused("console scenario empty", s -> new Console("--scenario="), "--scenario"),
                refused("console journal empty", s -> new Console("--journal"), "--journal"),
                refused("console journal is a file", s -> new Console("--journal=" + s.file("cj", "x\n")), "--journal", "is a file"),
                refused("console NUL in the journal path", s -> new Console("--journal=bad\u0000dir"), "--journal"),
                refused("console NUL in the scenario path", s -> new Console("--scenario=bad\u0000.json"), "\"bad"),
                refused("console unknown scenario", s -> new Console("--scenario=no-such-drill"), "\"no-such-drill\""),
                refused("console form deadline without unit", s -> new Form("n2", "5x", "100ms"), "Deadline", "\"5x\""),
                refused("console form deadline negative", s -> new Form("n2", "-1s", "100ms"), "Deadline", "negative duration: -1s"),
                refused("console form deadline negative milliseconds", s -> new Form("n2", "-5ms", "100ms"), "Deadline",
                        "negative duration: -5ms"),
                refused("console form deadline a bare number", s -> new Form("n2", "30", "100ms"), "Deadline", "\"30\"",
                        "add a unit: 30s or 30ms"),
                refused("console form deadline beyond the CLI's limit", s -> new Form("n2", "11m", "100ms"), "Deadline",
                        "between 0ms and 10m", "11m"),
                refused("console form deadline huge", s -> new Form("n2", "99999999999999s", "100ms"), "Deadline",
                        "between 0ms and 10m"),
                refused("console form deadline empty", s -> new Form("n2", "", "100ms"), "Deadline", "empty"),
                refused("console form poll zero", s -> new Form("n2", "5s", "0"), "Poll interval", "between 10ms and 1m"),
                refused("console form poll below the CLI's limit", s -> new Form("n2", "5s", "1ms"), "Poll interval",
                        "between 10ms and 1m", "got 1ms"),
                refused("console form poll a bare number", s -> new Form("n2", "5s", "100"), "Poll interval",
                        "add a unit: 100s or 100ms"),
                refused("console form freeze budget zero", s -> new Form("n2", "5s", "100ms", "0"), "Freeze budget",
                        "between 100ms and 10m"),
                refused("console form freeze budget without unit", s -> new Form("n2", "5s", "100ms", "5x"), "Freeze budget",
                        "\"5x\""),
                refused("console form freeze budget empty", s -> new Form("n2", "5s", "100ms", ""), "Freeze budget", "empty"),
                refused("console form freeze budget huge", s -> new Form("n2", "5s", "100ms", "99999999999999s"),
                        "Freeze budget", "between 100ms and 10m"),
                refused("console form unknown target", s -> new Form("n9", "5s", "100ms"), "Target n9"),
                refused("console form primary as target", s -> new Form("n1", "5s", "100ms"), "Target n1"),
                refused("console broken scenario file", s -> new Console("--scenario=" + s.healthyWith("console-dup.json",
                        "\"id\": \"n3\"", "\"id\": \"n2\"")), "console-dup.json", "nodes[2].id", "duplicate"));
    }

    /** A primary and {@code replicas} replicas. */
    private static String crowdScenario(int replicas) {
        StringBuilder nodes = new StringBuilder("{\"id\": \"n0\", \"addr\": \"10.0.0.0:5432\", \"region\": \"r\", "
                + "\"role\": \"primary\", \"term\": 1}");
        for (int i = 1; i <= replicas; i++) {
            nodes.append(",\n{\"id\": \"n").append(i).append("\", \"addr\": \"10.0.").append(i / 250).append('.')
                    .append(i % 250).append(":5432\", \"region\": \"r\", \"role\": \"replica\"}");
        }
        return "{\"name\": \"crowd\", \"title\": \"t\", \"briefing\": \"b\", \"nodes\": [" + nodes
                + "], \"load\": {\"writesPerSecond\": 1, \"writeSize\": 1}}";
    }

    private static String crowdPg(int count) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            nodes.append(i == 0 ? "" : ",\n").append("{\"id\": \"pg").append(i).append("\", \"region\": \"r\", ")
                    .append("\"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:1/postgres\", \"user\": \"postgres\"}");
        }
        return "{\"nodes\": [" + nodes + "]}";
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Attempt status(String cluster, String... more) {
        List<String> args = new ArrayList<>(List.of("status", "--cluster", cluster));
        args.addAll(List.of(more));
        return new Headless(args.toArray(String[]::new));
    }

    /**
     * A run that would succeed, recorded in the case's own journal, with some flags replaced ({@code null}
     * drops one) or added; a word that is not a flag is passed as it is.
     */
    private static Attempt run(Scratch s, String... changes) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--cluster", "sim:healthy");
        flags.put("--target", "n2");
        flags.put("--mode", "coordinated");
        flags.put("--deadline", "5s");
        flags.put("--journal", s.path("journal").toString());
        List<String> args = new ArrayList<>(List.of("run"));
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < changes.length; i++) {
            if (!changes[i].startsWith("--")) {
                extra.add(changes[i]);
            } else if (flags.containsKey(changes[i]) && !extra.contains(changes[i])) {
                flags.put(changes[i], changes[++i]);
            } else {
                extra.add(changes[i]);
                extra.add(changes[++i]);
            }
        }
        flags.forEach((k, v) -> {
            if (v != null) {
                args.add(k);
                args.add(v);
            }
        });
        args.addAll(extra);
        return new Headless(args.toArray(String[]::new));
    }
}
