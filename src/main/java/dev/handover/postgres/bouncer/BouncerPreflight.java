package dev.handover.postgres.bouncer;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The bouncers checked before anything is paused, and the check sessions opened while nothing is. */
final class BouncerPreflight {
    private final FleetState state;

    BouncerPreflight(FleetState state) {
        this.state = state;
    }

    /**
     * Every bouncer answers, has an entry for each listed database, pools it in transaction or statement mode
     * (a session-mode PAUSE waits until every client disconnects), has none of them paused already, and its
     * target file can be rewritten. Throws naming the first problem.
     */
    void check() throws BouncerException {
        for (BouncerDefinition b : state.bouncers) {
            try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, FleetState.ADMIN_TIMEOUT)) {
                String globalMode = admin.config("pool_mode").orElse("session");
                for (String db : b.databases()) {
                    Optional<BouncerAdmin.Database> d = admin.database(db);
                    if (d.isEmpty()) {
                        throw new BouncerException(b.id() + " has no [databases] entry \"" + db + "\": add it to "
                                + b.targetFile() + " (and %include that file in pgbouncer.ini). Nothing was paused or frozen");
                    }
                    String mode = d.get().poolMode().orElse(globalMode);
                    if (mode.equals("session")) {
                        throw new BouncerException(b.id() + " pools \"" + db + "\" in session mode: a PAUSE there waits "
                                + "until every client disconnects, so clients would not ride through the switchover. Set "
                                + "pool_mode = transaction for it, or drop it from \"databases\". Nothing was paused or frozen");
                    }
                    if (d.get().paused()) {
                        throw new BouncerException(b.id() + " has \"" + db + "\" paused already (another run, a dead one, "
                                + "or by hand): see `handover recover`, or RESUME " + db + " on " + b.addr()
                                + ". Nothing was paused or frozen");
                    }
                }
            } catch (SQLException e) {
                throw new BouncerException("cannot read PgBouncer " + b.id() + " at " + b.addr() + ": " + e.getMessage()
                        + ". Nothing was paused or frozen");
            }
            if (!Files.isWritable(b.targetFile().toAbsolutePath().getParent())) {
                throw new BouncerException(b.id() + "'s targetFile " + b.targetFile() + " cannot be rewritten: its "
                        + "directory is not writable by this user. Nothing was paused or frozen");
            }
            prepareChecks(b);
        }
    }

    /**
     * Logs in through each check entry now, before the freeze, so the check after the commit costs only the
     * bouncer's own login to the new primary. A first run's target file has no check entries yet: they are
     * written (routed where the databases route now, so nothing moves) and RELOADed. Best effort: without a
     * session here, the check logs in afresh.
     */
    private void prepareChecks(BouncerDefinition b) {
        try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, FleetState.ADMIN_TIMEOUT)) {
            List<BouncerAdmin.Database> dbs = admin.databases();
            boolean missing = b.databases().stream().anyMatch(db -> dbs.stream().noneMatch(d -> d.name().equals(
                    BouncerDefinition.checkEntry(db))));
            List<String> routes = dbs.stream().filter(d -> b.databases().contains(d.name())).map(BouncerAdmin.Database::addr)
                    .distinct().toList();
            if (missing && routes.size() == 1) {
                BouncerAdmin.Database now = dbs.stream().filter(d -> b.databases().contains(d.name())).findFirst().orElseThrow();
                TargetFile.write(b.targetFile(), TargetFile.retarget(TargetFile.read(b.targetFile()), b.databases(),
                        now.host(), now.port()));
                admin.reload();
            }
        } catch (SQLException | IOException e) {
            return;
        }
        for (String db : b.databases()) {
            try {
                state.checkSessions.put(b.id() + "/" + db, BouncerAdmin.connect(b, BouncerDefinition.checkEntry(db), state.env,
                        Duration.ofSeconds(5)));
            } catch (SQLException e) {
                // the check logs in afresh
            }
        }
    }
}
