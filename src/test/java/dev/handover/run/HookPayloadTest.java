package dev.handover.run;

import dev.handover.journal.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.Requester;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a hook reads: who asked and why; about the outcome, a skipped figure only where one is known. */
class HookPayloadTest {
    private static final FailoverRequest REQUEST = new FailoverRequest(new FailoverNode("n1", "n1:5432", "eu"),
            new FailoverNode("n2", "n2:5432", "eu"), 7, 900, new FailoverMode.Force(Duration.ofSeconds(1)));

    private static JsonNode outcomeOf(OutcomeInfo outcome) throws Exception {
        String json = HookPayload.of(HookSet.Phase.ON_ABORT, Optional.of("r1"), Requester.here(), "sim:test", REQUEST,
                Optional.of(outcome));
        return new ObjectMapper().readTree(json).path("outcome");
    }

    @Test
    void anUnknownOutcomeCarriesNoSkippedFigure() throws Exception {
        JsonNode out = outcomeOf(new OutcomeInfo(Result.UNKNOWN, true, 8L, 1000, 900, null, false, 50, List.of(),
                "commit-failed", "the commit failed part-way"));
        assertEquals("unknown", out.path("result").asText());
        assertFalse(out.has("skippedLsn"), "a forced commit that may or may not have happened skipped an unknown amount: " + out);
    }

    @Test
    void aForcedOutcomeCarriesWhatItSkipped() throws Exception {
        JsonNode out = outcomeOf(new OutcomeInfo(Result.FORCED, false, 8L, 1000, 900, 100L, true, 50, List.of(),
                null, "forced"));
        assertEquals(100, out.path("skippedLsn").asLong());
    }

    @Test
    void aHookIsToldWhoAskedAndWhy() throws Exception {
        Requester who = new Requester("alice@db-admin1", Optional.of("kernel upgrade on n1, password=hunter2"),
                Optional.of("CHG-1234"));
        JsonNode json = new ObjectMapper().readTree(HookPayload.of(HookSet.Phase.PRE_SWITCHOVER, Optional.of("r1"), who,
                "sim:test", REQUEST, Optional.empty()));
        assertEquals("alice@db-admin1", json.path("operator").asText());
        assertEquals("CHG-1234", json.path("ticket").asText());
        assertEquals("kernel upgrade on n1, password=***", json.path("reason").asText(), "a reason is masked as the journal masks it");
    }

    @Test
    void withoutAReasonAHookIsStillToldWho() throws Exception {
        JsonNode json = new ObjectMapper().readTree(HookPayload.of(HookSet.Phase.PRE_SWITCHOVER, Optional.empty(),
                Requester.here(), "sim:test", REQUEST, Optional.empty()));
        assertEquals(dev.handover.journal.Who.operator(), json.path("operator").asText());
        assertFalse(json.has("reason") || json.has("ticket"), json.toString());
    }
}
