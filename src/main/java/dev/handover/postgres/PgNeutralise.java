package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Takes a node on this host that may still promote itself out of play before anything is started or kept
 * as a primary: its promote signal file removed (a startup process that has not read it yet never does), then
 * the node stopped by the one hard stop, {@link PgImmediateStop}, which kills processes stopped by a signal
 * rather than continuing them: continuing a stopped walreceiver could let the promotion it holds finish first.
 */
final class PgNeutralise {
    /** How long the immediate shutdown may take before SIGKILL. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PgNeutralise() {
    }

    /** What was done, as the journal and the output say it; throws when the node may still be running. */
    static String stop(PgNodeDefinition n) throws IOException {
        LocalControl l = n.local().orElseThrow(() -> new IOException(n.id() + " is not on this host"));
        StringBuilder did = new StringBuilder();
        if (Files.deleteIfExists(l.dataDir().resolve("promote"))) {
            did.append("removed its promote signal file; ");
        }
        return did.append(new PgCtl(n.id(), l).stopImmediately(WAIT)).toString();
    }
}
