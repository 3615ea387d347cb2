package dev.handover.postgres;

import dev.handover.postgres.bouncer.BouncerAdmin;
import dev.handover.postgres.bouncer.BouncerDefinition;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The PgBouncer pools a {@link FreezeKeeper}'s run said it pauses, and their RESUME should the run die before
 * its commit. Apart from the keeper because the bouncers' admin consoles are their own protocol; the keeper
 * decides when, this says how.
 */
final class KeeperPools {
    /** The bouncers whose admin consoles the keeper may use, from its arguments. */
    private final List<BouncerDefinition> bouncers;
    /** The pools the run said it pauses, as {@code bouncer id -> databases}, in order. */
    private final Map<String, Set<String>> pools = new LinkedHashMap<>();
    private final Consumer<String> log;

    KeeperPools(List<BouncerDefinition> bouncers, Consumer<String> log) {
        this.bouncers = List.copyOf(bouncers);
        this.log = log;
    }

    List<BouncerDefinition> bouncers() {
        return bouncers;
    }

    /** As {@code bouncer id -> databases}, for the watch after a commit ({@link KeeperAfterCommit}). */
    Map<String, Set<String>> byBouncer() {
        return pools;
    }

    boolean isEmpty() {
        return pools.isEmpty();
    }

    /** The run said it pauses {@code db} on {@code bouncerId}; false (nothing noted) for a bouncer this keeper was not given. */
    boolean told(String bouncerId, String db) {
        if (bouncers.stream().noneMatch(b -> b.id().equals(bouncerId))) {
            return false;
        }
        pools.computeIfAbsent(bouncerId, k -> new LinkedHashSet<>()).add(db);
        return true;
    }

    /**
     * RESUMEs each pool the run said it paused, each confirmed by SHOW DATABASES, a few tries each (a bouncer
     * restarting); what it did, and what it could not, goes to the log with the command that finishes it.
     */
    void resumeAll() {
        long began = System.nanoTime();
        for (BouncerDefinition b : bouncers) {
            Set<String> dbs = pools.getOrDefault(b.id(), Set.of());
            for (String db : dbs) {
                String name = b.id() + "/" + db;
                String last = "";
                boolean done = false;
                for (int attempt = 0; attempt < 5 && !done; attempt++) {
                    try (BouncerAdmin admin = BouncerAdmin.open(b, System::getenv, Duration.ofSeconds(5))) {
                        Optional<BouncerAdmin.Database> d = admin.database(db);
                        if (d.isEmpty()) {
                            last = "SHOW DATABASES lists no " + db;
                            break;
                        }
                        if (d.get().paused()) {
                            try {
                                admin.resume(db);
                            } catch (SQLException e) {
                                // "not paused": resumed meanwhile; SHOW DATABASES below decides
                            }
                        }
                        boolean paused = admin.database(db).map(BouncerAdmin.Database::paused).orElse(true);
                        last = "SHOW DATABASES: " + (paused ? "still paused" : "not paused") + ", routes to "
                                + d.get().addr();
                        done = !paused;
                    } catch (SQLException e) {
                        last = FreezeKeeper.oneLine(e.getMessage());
                    }
                    if (!done) {
                        try {
                            PgFreeze.pause(200);
                        } catch (SQLException interrupted) {
                            break;
                        }
                    }
                }
                log.accept(done ? "resumed PgBouncer pool " + name + " (" + last + "), " + (System.nanoTime() - began) / 1_000_000
                        + "ms after starting on the pools"
                        : "could NOT resume PgBouncer pool " + name + " (" + last + "): RESUME " + db + " on " + b.addr()
                        + " by hand, or `handover recover`");
            }
        }
    }

    String names() {
        List<String> names = new ArrayList<>();
        pools.forEach((b, dbs) -> dbs.forEach(db -> names.add(b + "/" + db)));
        return String.join(", ", names);
    }
}
