package dev.handover.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Consistency rules for a scenario; each problem names its field the way the JSON spells it. */
final class ScenarioCheck {
    static final long MAX_LSN_GAP = 1L << 40;          // 1 TiB of WAL behind is a broken file, not a drill
    static final double MAX_RATE = 1e12;
    static final double MAX_WRITES_PER_SECOND = 100_000;
    static final int MAX_WRITE_SIZE = 16 << 20;
    static final Duration MAX_LINK_DELAY = Duration.ofSeconds(60);
    /** A replicated cluster of more nodes than this is a generated file gone wrong, and would only be slow to play. */
    static final int MAX_NODES = 100;

    private ScenarioCheck() {
    }

    static Optional<String> problem(Scenario s) {
        if (s.name().isBlank()) {
            return Optional.of("name: must not be empty");
        }
        if (s.nodes().isEmpty()) {
            return Optional.of("nodes: at least one node is needed");
        }
        if (s.nodes().size() > MAX_NODES) {
            return Optional.of("nodes: at most " + MAX_NODES + " nodes, found " + s.nodes().size());
        }
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> addrs = new HashMap<>();
        int primary = -1;
        for (int i = 0; i < s.nodes().size(); i++) {
            NodeSpec n = s.nodes().get(i);
            String at = "nodes[" + i + "].";
            if (n.id().isBlank()) {
                return Optional.of(at + "id: must not be empty");
            }
            if (ids.putIfAbsent(n.id(), i) != null) {
                return Optional.of(at + "id: duplicate node id \"" + n.id() + "\" (also nodes[" + ids.get(n.id()) + "])");
            }
            if (n.addr().isBlank()) {
                return Optional.of(at + "addr: must not be empty");
            }
            if (addrs.putIfAbsent(n.addr(), i) != null) {
                return Optional.of(at + "addr: duplicate address \"" + n.addr() + "\" (also nodes[" + addrs.get(n.addr()) + "])");
            }
            if (n.region().isBlank()) {
                return Optional.of(at + "region: must not be empty");
            }
            if (n.isPrimary()) {
                if (primary >= 0) {
                    return Optional.of(at + "role: a second primary; " + s.nodes().get(primary).id()
                            + " is already the primary and a cluster has exactly one");
                }
                primary = i;
                if (n.behind() != 0) {
                    return Optional.of(at + "behind: the primary cannot be behind itself, got " + n.behind());
                }
                if (n.stalled()) {
                    return Optional.of(at + "stalled: only a replica can be stalled");
                }
            }
            if (n.term() < 0 || n.term() == Long.MAX_VALUE) {
                return Optional.of(at + "term: must be between 0 and " + (Long.MAX_VALUE - 1) + ", got " + n.term());
            }
            if (!(n.applyRate() >= 0) || n.applyRate() > MAX_RATE) {
                return Optional.of(at + "applyRate: must be a rate between 0 and " + (long) MAX_RATE + " LSN/s, got " + n.applyRate());
            }
            if (n.linkDelay().isNegative() || n.linkDelay().compareTo(MAX_LINK_DELAY) > 0) {
                return Optional.of(at + "linkDelay: must be between 0 and 60s");
            }
            if (n.behind() < 0 || n.behind() > MAX_LSN_GAP) {
                return Optional.of(at + "behind: must be between 0 and " + MAX_LSN_GAP + " LSN, got " + n.behind());
            }
        }
        if (primary < 0) {
            return Optional.of("nodes: no primary; exactly one node needs \"role\": \"primary\"");
        }
        long primaryTerm = s.nodes().get(primary).term();
        for (int i = 0; i < s.nodes().size(); i++) {
            if (s.nodes().get(i).term() > primaryTerm) {
                return Optional.of("nodes[" + i + "].term: a replica cannot be ahead of the primary's term " + primaryTerm);
            }
        }
        Optional<String> load = loadProblem(s.load());
        if (load.isPresent()) {
            return load;
        }
        for (int i = 0; i < s.faults().size(); i++) {
            Optional<String> f = faultProblem(s, s.faults().get(i), "faults[" + i + "].");
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> loadProblem(WriteLoad l) {
        if (!(l.writesPerSecond() >= 0) || l.writesPerSecond() > MAX_WRITES_PER_SECOND) {
            return Optional.of("load.writesPerSecond: must be between 0 and " + (long) MAX_WRITES_PER_SECOND
                    + ", got " + l.writesPerSecond());
        }
        if (l.writeSize() < 1 || l.writeSize() > MAX_WRITE_SIZE) {
            return Optional.of("load.writeSize: must be between 1 and " + MAX_WRITE_SIZE + " bytes, got " + l.writeSize());
        }
        if (!(l.jitter() >= 0) || l.jitter() >= 1) {
            return Optional.of("load.jitter: must be at least 0 and below 1, got " + l.jitter());
        }
        if (l.burst().isPresent()) {
            WriteLoad.Burst b = l.burst().get();
            if (b.every().isZero() || b.every().isNegative()) {
                return Optional.of("load.burst.every: must be longer than 0");
            }
            if (b.length().isNegative() || b.length().compareTo(b.every()) > 0) {
                return Optional.of("load.burst.length: must be between 0 and load.burst.every");
            }
            if (!(b.factor() >= 0) || b.factor() > 1000) {
                return Optional.of("load.burst.factor: must be between 0 and 1000, got " + b.factor());
            }
            if (b.offset().isNegative()) {
                return Optional.of("load.burst.offset: must not be negative");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> faultProblem(Scenario s, ScriptedFault f, String at) {
        if (f.at().isNegative()) {
            return Optional.of(at + "at: must not be negative");
        }
        if (f.kind().needsNode()) {
            if (f.node().isEmpty()) {
                return Optional.of(at + "node: missing; fault \"" + f.kind().jsonName() + "\" needs a node id");
            }
            if (s.node(f.node().get()).isEmpty()) {
                return Optional.of(at + "node: unknown node \"" + f.node().get() + "\" (nodes: "
                        + String.join(", ", s.nodes().stream().map(NodeSpec::id).toList()) + ")");
            }
        } else if (f.node().isPresent()) {
            return Optional.of(at + "node: fault \"" + f.kind().jsonName() + "\" acts on the whole cluster, not on a node");
        }
        if (f.kind() == FaultKind.SLOW && (!(f.factor() >= 0) || f.factor() > 1000)) {
            return Optional.of(at + "factor: must be between 0 and 1000, got " + f.factor());
        }
        if (f.kind() == FaultKind.SPIKE) {
            if (!(f.factor() >= 0) || f.factor() > 1000) {
                return Optional.of(at + "factor: must be between 0 and 1000, got " + f.factor());
            }
            if (f.duration().isZero() || f.duration().isNegative()) {
                return Optional.of(at + "duration: a spike needs a duration longer than 0");
            }
        }
        return Optional.empty();
    }
}
