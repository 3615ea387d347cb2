package dev.handover.postgres.bouncer;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
            Optional<String> problem = problem(b);
            if (problem.isPresent()) {
                throw new BouncerException(problem.get() + ". Nothing was paused or frozen");
            }
            prepareChecks(b);
        }
    }

    /**
     * The same checks, read-only, for a plan: each bouncer's routes, pool mode and pause, whether its target file
     * can be rewritten, and how much of its {@code query_wait_timeout} (a client queued longer gets an error) the
     * catch-up deadline may take once {@code pauseTimeoutMs} and {@link #COMMIT_ALLOWANCE} are counted; what the
     * run will do with each.
     *
     * @param nodeOf {@code host:port} as a node id where it is one
     */
    BouncerProbe probe(String primaryId, String targetId, Function<String, String> nodeOf) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> plans = new ArrayList<>();
        List<String> waits = new ArrayList<>();
        for (BouncerDefinition b : state.bouncers) {
            Optional<String> problem = problem(b);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, FleetState.ADMIN_TIMEOUT)) {
                for (String db : b.databases()) {
                    String routed = nodeOf.apply(admin.database(db).orElseThrow().addr());
                    if (!routed.startsWith(primaryId + " (")) {
                        warnings.add(b.id() + " routes " + db + " to " + routed + ", not to the primary " + primaryId
                                + ": its clients do not write there now; the run points it at " + targetId);
                    }
                }
                Duration fixed = b.pauseTimeout().plus(COMMIT_ALLOWANCE);
                Optional<Duration> wait = admin.config("query_wait_timeout").map(BouncerPreflight::seconds);
                if (wait.isPresent() && !wait.get().isZero()) {
                    if (wait.get().compareTo(fixed) <= 0) {
                        warnings.add(b.id() + "'s query_wait_timeout (" + wait.get().toSeconds() + " s) is not longer than"
                                + " pauseTimeoutMs and " + COMMIT_ALLOWANCE.toSeconds() + " s for the commit: a client"
                                + " queued through a slow switchover gets an error; raise it");
                    } else {
                        waits.add(b.id() + "'s query_wait_timeout " + wait.get().toSeconds() + " s leaves the catch-up deadline"
                                + " at most " + wait.get().minus(fixed).toSeconds() + " s");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                problems.add("cannot read PgBouncer " + b.id() + " at " + b.addr() + ": " + e.getMessage());
                continue;
            }
            plans.add(b.id() + ": PAUSE " + String.join(", ", b.databases()) + " (at most " + b.pauseTimeout().toMillis()
                    + " ms) before the freeze, point them at " + targetId + " once it writes, check through "
                    + String.join(", ", b.databases().stream().map(BouncerDefinition::checkEntry).toList()) + ", RESUME");
        }
        plans.addAll(waits);
        return new BouncerProbe(problems, warnings, plans);
    }

    /** What a plan learns of the bouncers: a problem is a no-go, a warning something to know, a plan a step the run takes. */
    record BouncerProbe(List<String> problems, List<String> warnings, List<String> plans) {
    }

    /** The commit's share of the longest pause, besides the PAUSE and the catch-up: shutdown, promotion, checks. */
    static final Duration COMMIT_ALLOWANCE = Duration.ofSeconds(30);

    /** A PgBouncer time setting: plain seconds in {@code SHOW CONFIG} (1.18), or with a unit. */
    private static Duration seconds(String value) {
        String v = value.trim();
        try {
            return v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()))
                    : Duration.ofMillis(Math.round(Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // unreadable: not judged
        }
    }

    /** What keeps {@code b} from taking part in a run, read-only; empty when nothing does. */
    private Optional<String> problem(BouncerDefinition b) {
        try (BouncerAdmin admin = BouncerAdmin.open(b, state.env, FleetState.ADMIN_TIMEOUT)) {
            String globalMode = admin.config("pool_mode").orElse("session");
            for (String db : b.databases()) {
                Optional<BouncerAdmin.Database> d = admin.database(db);
                if (d.isEmpty()) {
                    return Optional.of(b.id() + " has no [databases] entry \"" + db + "\": add it to "
                            + b.targetFile() + " (and %include that file in pgbouncer.ini)");
                }
                String mode = d.get().poolMode().orElse(globalMode);
                if (mode.equals("session")) {
                    return Optional.of(b.id() + " pools \"" + db + "\" in session mode: a PAUSE there waits "
                            + "until every client disconnects, so clients would not ride through the switchover. Set "
                            + "pool_mode = transaction for it, or drop it from \"databases\"");
                }
                if (d.get().paused()) {
                    return Optional.of(b.id() + " has \"" + db + "\" paused already (by a run still going, a dead run, "
                            + "or by hand): `handover recover` lists dead runs and resumes their pools; RESUME " + db + " on "
                            + b.addr() + " by hand only when no run is going");
                }
            }
        } catch (SQLException e) {
            return Optional.of("cannot read PgBouncer " + b.id() + " at " + b.addr() + ": " + e.getMessage());
        }
        if (!Files.isWritable(b.targetFile().toAbsolutePath().getParent())) {
            return Optional.of(b.id() + "'s targetFile " + b.targetFile() + " cannot be rewritten: its "
                    + "directory is not writable by this user");
        }
        return Optional.empty();
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
