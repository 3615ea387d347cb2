package dev.handover.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who asked and why: checked once, one message per bad value; kept in a run's record, absent fields left out. */
class RequesterTest {
    private static final Requester.Labels FLAGS = new Requester.Labels("--operator", "--reason", "--ticket");

    private static Requester valid(String operator, String reason, String ticket) {
        Requester.Parsed p = Requester.parse(Optional.ofNullable(operator), Optional.ofNullable(reason),
                Optional.ofNullable(ticket), FLAGS);
        return assertInstanceOf(Requester.Valid.class, p, p.toString()).requester();
    }

    private static List<String> problems(String operator, String reason, String ticket) {
        Requester.Parsed p = Requester.parse(Optional.ofNullable(operator), Optional.ofNullable(reason),
                Optional.ofNullable(ticket), FLAGS);
        return assertInstanceOf(Requester.Invalid.class, p, p.toString()).problems();
    }

    @Test
    void theDefaultOperatorIsTheOsUserAtThisHost() {
        Requester r = valid(null, null, null);
        assertEquals(Who.operator(), r.operator());
        assertTrue(r.operator().startsWith(System.getProperty("user.name")), r.operator());
        assertTrue(r.operator().contains("@"), "user@host: " + r.operator());
        assertEquals(Optional.empty(), r.why());
    }

    @Test
    void goodValuesAreKeptStripped() {
        Requester r = valid(" alice ", " kernel upgrade on n1 ", "CHG-1234");
        assertEquals("alice", r.operator());
        assertEquals(Optional.of("kernel upgrade on n1"), r.reason());
        assertEquals(Optional.of("CHG-1234: kernel upgrade on n1"), r.why());
        assertEquals("by alice (CHG-1234: kernel upgrade on n1)", r.byLine());
        for (String t : List.of("INC#88", "OPS/2026.12", "jira:DBA-7", "12345", "change_42")) {
            assertEquals(Optional.of(t), valid(null, null, t).ticket());
        }
    }

    @Test
    void eachBadValueHasItsOwnMessage() {
        assertEquals(List.of("--operator must not be empty (leave it out for " + Who.operator() + ")"), problems("  ", null, null));
        assertEquals(List.of("--operator is 101 characters long; at most 100"), problems("a".repeat(101), null, null));
        assertEquals(List.of("--operator holds a control character (U+001B at character 4); one line of plain text"),
                problems("bob\u001b[31m", null, null));
        assertEquals(List.of("--reason must not be empty (leave it out for none)"), problems(null, "", null));
        assertEquals(List.of("--reason is 501 characters long; at most 500"), problems(null, "x".repeat(501), null));
        assertEquals(List.of("--reason holds a control character (U+000A at character 7); one line of plain text"),
                problems(null, "kernel\nupgrade", null));
        assertEquals(List.of("--ticket \"CHG 1234\" is not a ticket id: one token of letters, digits and - _ . # : /, at most 40"
                + " characters, such as CHG-1234 or INC#88"), problems(null, null, "CHG 1234"));
        assertEquals(List.of("--ticket 41 characters is not a ticket id: one token of letters, digits and - _ . # : /, at most 40"
                + " characters, such as CHG-1234 or INC#88"), problems(null, null, "C".repeat(41)));
        assertTrue(problems(null, null, "-rf").get(0).startsWith("--ticket \"-rf\" is not a ticket id"));
        assertTrue(problems(null, null, "INC\u000788").get(0).contains("\"INC\\u000788\""), "a control character is shown, not sent");
    }

    @Test
    void everyBadValueIsNamedAtOnce() {
        assertEquals(3, problems("", "a\tb", "x y").size());
    }

    @Test
    void aReasonAtTheLimitIsKept() {
        assertEquals(500, valid(null, "r".repeat(500), null).reason().orElseThrow().length());
    }

    @Test
    void aRequesterAlwaysHasAnOperator() {
        assertThrows(IllegalArgumentException.class, () -> new Requester(" ", Optional.empty(), Optional.empty()));
    }

    @Test
    void aRunPlannedWithAReasonKeepsItUnlessGivenAnother() {
        Requester plan = new Requester("alice", Optional.of("kernel upgrade"), Optional.of("CHG-1"));
        Requester run = new Requester("bob", Optional.empty(), Optional.empty());
        assertEquals(new Requester("bob", Optional.of("kernel upgrade"), Optional.of("CHG-1")), run.orElse(plan));
    }

    @Test
    void theRecordKeepsReasonAndTicketAndOldRecordsReadWithout() throws Exception {
        RunReport.RunInfo info = Who.now(new Requester("alice@db1", Optional.of("patch, token=abc"), Optional.of("CHG-9")),
                "sim:healthy", Instant.EPOCH);
        String json = Json.MAPPER.writeValueAsString(info.redacted());
        assertTrue(json.contains("\"reason\" : \"patch, token=***\"") && json.contains("\"ticket\" : \"CHG-9\""), json);
        RunReport.RunInfo back = Json.MAPPER.readValue(json, RunReport.RunInfo.class);
        assertEquals(Optional.of("CHG-9"), back.requester().ticket());

        RunReport.RunInfo old = Json.MAPPER.readValue("{\"operator\":\"root\",\"startedAt\":\"2026-12-07T12:31:30Z\","
                + "\"cluster\":\"sim:healthy\",\"toolVersion\":\"0.1.0\"}", RunReport.RunInfo.class);
        assertEquals(new Requester("root", Optional.empty(), Optional.empty()), old.requester());
        String written = Json.MAPPER.writeValueAsString(old);
        assertFalse(written.contains("reason") || written.contains("ticket"), written);
    }
}
