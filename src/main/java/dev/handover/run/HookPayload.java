package dev.handover.run;

import dev.handover.journal.JournalNames;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.Requester;
import dev.handover.journal.RunReport;

import java.util.Optional;

/**
 * The JSON a hook reads on its stdin (and a webhook receives): which phase, {@code "planned": true} (a pager
 * can tell a planned switchover from a failure), the run's id, who asked for it and why (operator; reason and
 * ticket when given), cluster and request, and after the run its
 * outcome. Holds nothing secret: cluster names and messages are masked as the journal masks them.
 */
final class HookPayload {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HookPayload() {
    }

    static String of(HookSet.Phase phase, Optional<String> runId, Requester who, String cluster, FailoverRequest request,
                     Optional<OutcomeInfo> outcome) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("event", phase.text());
        json.put("planned", true);
        runId.ifPresent(id -> json.put("runId", id));
        // Who asked and why: a pager or a change system can file the switchover under its ticket.
        json.put("operator", who.operator());
        who.reason().ifPresent(r -> json.put("reason", dev.handover.journal.Secrets.redact(r)));
        who.ticket().ifPresent(t -> json.put("ticket", t));
        json.put("cluster", dev.handover.journal.Secrets.redact(cluster));
        json.put("oldPrimary", request.oldPrimary().id());
        json.put("target", request.target().id());
        json.put("term", request.currentTerm());
        json.put("newTerm", request.newTerm());
        json.put("mode", JournalNames.mode(request.mode()));
        json.put("deadlineMs", request.mode().deadline().toMillis());
        outcome.ifPresent(o -> {
            ObjectNode out = json.putObject("outcome");
            out.put("result", o.result().wire());
            if (o.topology() != null) {
                out.put("topology", o.topology());
            }
            if (o.reason() != null) {
                out.put("reason", o.reason());
            }
            if (o.skippedLsn() != null) { // absent when the outcome is unknown: nobody knows what was skipped
                out.put("skippedLsn", o.skippedLsn());
            }
            out.put("writesFrozen", o.writesFrozen());
            out.put("message", dev.handover.journal.Secrets.redact(o.message()));
        });
        return json.toString();
    }
}
