package dev.handover.postgres.bouncer;

import dev.handover.cluster.StepJournal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every bouncer pointed at a node, checked with SHOW DATABASES and through its check entry that the node writes. */
final class BouncerRetarget {
    /** How long the check through a bouncer retries: a promoted primary answers within a second or two. */
    private static final Duration CHECK_WAIT = Duration.ofSeconds(10);

    private final FleetState state;

    BouncerRetarget(FleetState state) {
        this.state = state;
    }

    /**
     * Points every listed database of every bouncer at {@code nodeId} ({@code host:port}): journals the intent,
     * rewrites the target file, RELOADs, and checks with SHOW DATABASES that the bouncer routes there (journaled
     * with what it showed); then logs in through each check entry, retrying for a while, and checks it reaches a
     * writable primary on that port. Never throws: a step that failed is a failed check. Returns whether every
     * check held.
     */
    boolean retarget(String nodeId, String host, int port) {
        boolean allOk = true;
        String addr = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        for (BouncerDefinition b : state.bouncers) {
            String subject = b.id() + " -> " + nodeId;
            try {
                state.journal.intent(StepJournal.RETARGET, subject);
            } catch (IOException | RuntimeException e) {
                // retargeted all the same: held toward the old primary, its clients would wait or fail
            }
            try {
                BouncerAdmin admin = state.session(b);
                TargetFile.write(b.targetFile(), TargetFile.retarget(TargetFile.read(b.targetFile()), b.databases(), host, port));
                admin.reload();
                state.step(b.id() + ": " + b.targetFile() + " now routes " + String.join(", ", b.databases()) + " to " + nodeId
                        + " (" + addr + "); RELOAD" + state.intoPause());
                List<String> seen = new ArrayList<>();
                boolean routed = true;
                for (String db : b.databases()) {
                    Optional<BouncerAdmin.Database> d = admin.database(db);
                    boolean ok = d.isPresent() && d.get().host().equals(host) && d.get().port() == port;
                    routed &= ok;
                    String shown = d.map(x -> db + " -> " + x.addr()).orElse("no entry " + db);
                    seen.add(shown);
                    state.check(b.id() + " routes " + db + " to " + nodeId + " (" + addr + ")", ok, "SHOW DATABASES: " + shown);
                }
                allOk &= routed;
                String shown = "SHOW DATABASES: " + String.join(", ", seen) + " (" + nodeId + " is " + addr + ")";
                if (routed) {
                    state.journal.done(StepJournal.RETARGET, subject, shown);
                } else {
                    state.journal.failed(StepJournal.RETARGET, subject, shown);
                }
            } catch (SQLException | IOException e) {
                state.drop(b);
                allOk = false;
                state.journal.failed(StepJournal.RETARGET, subject, "retargeting failed: " + e.getMessage());
                state.check(b.id() + " routes " + String.join(", ", b.databases()) + " to " + nodeId, false,
                        "retargeting failed: " + e.getMessage() + "; point " + b.targetFile() + " at " + addr + " and RELOAD");
                continue;
            }
            for (String db : b.databases()) {
                allOk &= checkWrites(b, db, nodeId, port);
            }
        }
        return allOk;
    }

    /** Through the bouncer's check entry for {@code db}: a writable primary on {@code port}, retried for a while. */
    private boolean checkWrites(BouncerDefinition b, String db, String nodeId, int port) {
        return checkWrites(b, db, nodeId, port, CHECK_WAIT);
    }

    /** The same, retried for {@code wait}: the check made before any RESUME toward where a bouncer routes now. */
    boolean checkWrites(BouncerDefinition b, String db, String nodeId, int port, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        String seen = "";
        String what = b.id() + " routes " + db + " to " + nodeId + " and it takes writes through it";
        Connection c = state.checkSessions.remove(b.id() + "/" + db); // opened before the freeze, if it could be
        try {
            while (true) {
                try {
                    if (c == null) {
                        c = BouncerAdmin.connect(b, BouncerDefinition.checkEntry(db), state.env, Duration.ofSeconds(5));
                    }
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('transaction_read_only'), "
                                 + "inet_server_port()")) {
                        rs.next();
                        boolean recovery = rs.getBoolean(1);
                        String readOnly = rs.getString(2);
                        int seenPort = rs.getInt(3);
                        seen = "in recovery " + recovery + ", transaction_read_only " + readOnly + ", server port " + seenPort;
                        if (!recovery && readOnly.equals("off") && seenPort == port) {
                            state.check(what, true, "through " + BouncerDefinition.checkEntry(db) + ": " + seen);
                            state.step(b.id() + ": through " + BouncerDefinition.checkEntry(db) + ", " + nodeId
                                    + " takes writes" + state.intoPause());
                            return true;
                        }
                    }
                } catch (SQLException e) {
                    seen = e.getMessage();
                    FleetState.closeQuietly(c); // a session whose server went away with the old primary: log in afresh
                    c = null;
                }
                if (System.nanoTime() > until) {
                    state.check(what, false, "through " + BouncerDefinition.checkEntry(db) + " for " + wait.toMillis()
                            + " ms: " + seen);
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        } finally {
            FleetState.closeQuietly(c);
        }
    }
}
