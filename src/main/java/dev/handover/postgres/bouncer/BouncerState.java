package dev.handover.postgres.bouncer;

import java.util.List;
import java.util.Optional;

/**
 * A bouncer as {@code SHOW DATABASES} showed it, for status: where each listed database routes and whether
 * it is paused; or why it could not be read.
 */
public record BouncerState(String id, String addr, List<Route> routes, Optional<String> error) {

    public BouncerState {
        routes = List.copyOf(routes);
    }

    /** One listed database: where it routes ({@code host:port}, the node's id when it is one) and whether it is paused. */
    public record Route(String database, String target, boolean paused, boolean present) {
    }

    public boolean anyPaused() {
        return routes.stream().anyMatch(Route::paused);
    }

    /** One line, e.g. {@code pgb1 (127.0.0.1:6432): app -> pg1 (127.0.0.1:5432), PAUSED}. */
    public String text() {
        if (error.isPresent()) {
            return id + " (" + addr + "): cannot be read: " + error.get();
        }
        return id + " (" + addr + "): " + String.join("; ", routes.stream().map(r -> !r.present()
                ? r.database() + " has no [databases] entry"
                : r.database() + " -> " + r.target() + (r.paused() ? ", PAUSED" : ", taking clients")).toList());
    }
}
