package dev.handover.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * A node's role as a status read saw it after a run, never as the coordinator meant it to be.
 *
 * @param node     the node's id
 * @param kind     primary, replica, or unreachable
 * @param term     the term (timeline) it writes or receives; 0 when unreachable
 * @param upstream for a replica that streams: the address it streams from; empty when it does not stream
 * @param detail   what was seen, in words (e.g. {@code writes frozen}, {@code walreceiver not running})
 */
public record ObservedRole(String node, Kind kind, long term, Optional<String> upstream, String detail) {

    public enum Kind {
        PRIMARY, REPLICA, UNREACHABLE
    }

    public ObservedRole {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(detail, "detail");
    }
}
