package dev.handover.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something in front of the nodes that routes clients to them (a PgBouncer), as one status read saw it: where
 * each database it routes points and whether its clients are held there; or why it could not be read. Shown
 * beside the nodes, so an operator sees a pool left paused or pointing at the wrong node.
 *
 * @param kind    what it is, e.g. {@code PgBouncer}
 * @param id      its name in the cluster's definition
 * @param address where it was read ({@code host:port})
 * @param routes  each database it routes for the cluster
 * @param error   why it could not be read; then {@code routes} is empty
 */
public record ClientRouter(String kind, String id, String address, List<Route> routes, Optional<String> error) {

    public ClientRouter {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        routes = List.copyOf(routes);
        Objects.requireNonNull(error, "error");
    }

    /**
     * One routed database.
     *
     * @param database the database clients ask for
     * @param node     the node it points at, when it is one of the cluster's
     * @param target   where it points as the router says ({@code host:port}, with the node's id when known)
     * @param held     clients are held (paused) there
     * @param present  the router has an entry for it at all
     */
    public record Route(String database, Optional<String> node, String target, boolean held, boolean present) {
    }

    public boolean anyHeld() {
        return routes.stream().anyMatch(Route::held);
    }

    /** One line, e.g. {@code PgBouncer pgb1 (127.0.0.1:6432): app -> pg1 (127.0.0.1:5432), PAUSED}. */
    public String text() {
        String head = kind + " " + id + " (" + address + "): ";
        if (error.isPresent()) {
            return head + "cannot be read: " + error.get();
        }
        return head + String.join("; ", routes.stream().map(r -> !r.present() ? r.database() + " has no entry"
                : r.database() + " -> " + r.target() + (r.held() ? ", PAUSED: its clients wait" : ", taking clients")).toList());
    }
}
