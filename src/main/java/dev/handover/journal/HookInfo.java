package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One operator command or webhook the run called, and what came of it.
 *
 * @param phase    {@code pre-switchover} (its failure vetoes the run), {@code post-switchover} or {@code on-abort}
 * @param what     the command line or the webhook's URL, credentials masked
 * @param ok       exit 0 (a command) or a 2xx answer (a webhook) within its timeout
 * @param exit     the command's exit status or the webhook's HTTP status; absent when it timed out or never ran
 * @param tookMs   how long it took
 * @param output   the last part of what it printed (stdout and stderr) or answered, credentials masked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookInfo(String phase, String what, boolean ok, Integer exit, boolean timedOut, long tookMs, String output) {
    /** How {@code what} names a webhook: the record's one mark of a webhook rather than a command. */
    private static final String WEBHOOK = "POST ";

    /** {@code what} for a webhook posted to {@code url}. */
    public static String webhookAt(java.net.URI url) {
        return WEBHOOK + url;
    }

    /** Whether this was a webhook ({@code exit} is then its HTTP status), as {@link #webhookAt} wrote it. */
    @JsonIgnore
    public boolean webhook() {
        return what != null && what.startsWith(WEBHOOK);
    }
}
