package dev.handover.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.handover.postgres.Sql.string;

/**
 * Finishes what a handover process that died part-way left behind, from what the cluster shows now
 * (never from what the run meant to do): one writable primary, every other node streaming from it.
 *
 * <ul>
 *   <li>The primary is the reachable node on the latest timeline that is not in recovery. If none is,
 *       but one node with local control was shut down cleanly as a primary (the run died after stopping
 *       the old primary and before promoting anything) and no node is on a later timeline, that node
 *       is started again, with its own start options: nothing was promoted, so it still holds every write.</li>
 *   <li>Its freeze is lifted when no node might be on a later timeline (every node was reachable or
 *       known to be stopped).</li>
 *   <li>Every other node is brought to stream from it as a commit would: its slot created first,
 *       standbys re-pointed, a stopped or stale old primary rewound if it went past the fork and started
 *       as a standby, stale slots of the topology dropped. What cannot be done from here is a remaining step.</li>
 * </ul>
 */
public final class PgRecovery {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    /** What recovery did and what is left for a person. */
    public record Result(Optional<String> primary, List<String> done, List<String> remaining) {
        public Result {
            done = List.copyOf(done);
            remaining = List.copyOf(remaining);
        }

        public boolean complete() {
            return primary.isPresent() && remaining.isEmpty();
        }
    }

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final List<String> done = new ArrayList<>();
    private final List<String> remaining = new ArrayList<>();

    public PgRecovery(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    public Result converge() {
        // Another run (or its keeper) in progress is left alone: the locks it holds are taken for the whole repair.
        List<Connection> locks = new ArrayList<>();
        try {
            for (PgNodeDefinition n : definition.nodes()) {
                try {
                    Connection c = connector.open(n, SOCKET_TIMEOUT);
                    locks.add(c);
                    PgRunLock.acquire(c, n.id(), 0);
                } catch (PgRunLock.Held held) {
                    remaining.add("nothing was changed: " + held.getMessage());
                    return new Result(Optional.empty(), done, remaining);
                } catch (SQLException unreachable) {
                    // read below as unreachable
                }
            }
            return convergeLocked();
        } finally {
            locks.forEach(PgTransport::closeQuietly);
        }
    }

    private Result convergeLocked() {
        Map<String, PgNodeStatus> seen = read();
        Optional<PgNodeDefinition> primary = primary(seen);
        if (primary.isEmpty()) {
            return new Result(Optional.empty(), done, remaining);
        }
        PgNodeDefinition p = primary.get();
        seen = read(); // the primary may just have been started
        PgNodeStatus ps = seen.get(p.id());
        long timeline = ps.timeline();
        Map<String, PgNodeStatus> now = seen;
        List<PgNodeDefinition> unknown = definition.nodes().stream()
                .filter(n -> !now.get(n.id()).reachable() && !stoppedHere(n)).toList();
        try (Connection c = connector.open(p, SOCKET_TIMEOUT)) {
            if (PgFreeze.isFrozen(c)) {
                if (unknown.isEmpty()) {
                    new PgFreeze().resume(c); // the run's own value before the freeze died with it: RESET
                    done.add("resumed writes on " + p.id() + " (ALTER SYSTEM RESET default_transaction_read_only)");
                } else {
                    remaining.add("writes stay frozen on " + p.id() + ": " + ids(unknown) + " cannot be reached and might be "
                            + "a primary on a later timeline; check them, then ALTER SYSTEM RESET default_transaction_read_only; "
                            + "SELECT pg_reload_conf(); on " + p.id());
                }
            }
            Conninfo template = template(c, seen);
            List<PgNodeDefinition> streamingAlready = new ArrayList<>();
            List<PgNodeDefinition> standbys = new ArrayList<>();
            List<PgNodeDefinition> toRejoin = new ArrayList<>();
            for (PgNodeDefinition n : definition.nodes()) {
                if (n.id().equals(p.id())) {
                    continue;
                }
                PgNodeStatus s = seen.get(n.id());
                if (s.reachable() && s.inRecovery()) {
                    boolean fromP = s.streaming() && s.upstream().filter(u -> u.endsWith(":" + p.port())).isPresent()
                            && s.timeline() == timeline;
                    (fromP ? streamingAlready : standbys).add(n);
                } else if (s.reachable()) {
                    toRejoin.add(n); // a stale primary on an older timeline
                } else if (stoppedHere(n)) {
                    toRejoin.add(n);
                } else {
                    remaining.add(n.id() + " cannot be reached (" + s.error().orElse("?") + "): start it, then make it a "
                            + "standby of " + p.id() + " (" + p.addr() + ")");
                }
            }
            PgPlan plan = plan(seen, p, toRejoin);
            PgFollow forSiblings = follow(p, c, p, plan);
            List<PgNodeDefinition> all = new ArrayList<>(standbys);
            all.addAll(streamingAlready);
            all.addAll(toRejoin);
            // Before anyone is pointed at p: a run that died right after the promotion may not have created
            // the slot a rejoining node streams through, and a standby started on a missing slot never streams.
            forSiblings.ensureSlots(all, c);
            for (PgNodeDefinition n : toRejoin) {
                boolean running = seen.get(n.id()).reachable();
                long nodeTimeline = running ? seen.get(n.id()).timeline() : checkpointTimeline(n);
                PgPlan own = new PgPlan(n.local().map(l -> startOptions(n)), plan.slots(), SyncStandbyNames.ASYNC,
                        SyncStandbyNames.ASYNC);
                follow(p, c, n, own).rejoinStale(template, timeline, forkPoint(c, timeline, nodeTimeline), running);
            }
            for (PgNodeDefinition n : standbys) {
                forSiblings.repointSibling(n, forkPoint(c, timeline, seen.get(n.id()).timeline()));
            }
            for (PgNodeDefinition n : definition.nodes()) {
                forSiblings.dropStaleSlots(n, Optional.empty());
            }
        } catch (SQLException e) {
            remaining.add("could not finish on " + p.id() + ": " + e.getMessage());
        }
        return new Result(primary.map(PgNodeDefinition::id), done, remaining);
    }

    private PgFollow follow(PgNodeDefinition p, Connection c, PgNodeDefinition rejoining, PgPlan plan) {
        long lastWal = rejoining.id().equals(p.id()) ? 0 : lastCheckpoint(rejoining);
        return new PgFollow(connector, rejoining, p, new PgFreeze(), () -> c, lastWal, plan, done, remaining);
    }

    /** The primary to converge on, starting a cleanly stopped old primary when nothing was promoted. */
    private Optional<PgNodeDefinition> primary(Map<String, PgNodeStatus> seen) {
        Optional<PgNodeStatus> running = seen.values().stream().filter(PgNodeStatus::isPrimary)
                .max(Comparator.comparingLong(PgNodeStatus::timeline));
        long latestStandby = seen.values().stream().filter(s -> s.reachable() && s.inRecovery())
                .mapToLong(PgNodeStatus::timeline).max().orElse(0);
        if (running.isPresent() && running.get().timeline() >= latestStandby) {
            return Optional.of(running.get().node());
        }
        List<PgNodeDefinition> stoppedPrimaries = definition.nodes().stream()
                // shut down cleanly by the run, or crashed as a primary ("in production"): either way it holds every
                // write it acknowledged, and crash recovery replays them when it starts
                .filter(n -> !seen.get(n.id()).reachable() && stoppedHere(n)
                        && List.of("shut down", "in production").contains(controlState(n))
                        && !Files.exists(n.local().orElseThrow().dataDir().resolve("standby.signal")))
                .toList();
        if (running.isEmpty() && stoppedPrimaries.size() == 1) {
            PgNodeDefinition n = stoppedPrimaries.get(0);
            long tli = checkpointTimeline(n);
            if (tli >= latestStandby) {
                PgCtl ctl = new PgCtl(n.id(), n.local().orElseThrow());
                try {
                    removeStalePidFile(n);
                    ctl.start(START_WAIT, startOptions(n));
                    done.add("started " + n.id() + " again as the primary (timeline " + tli + "): it was stopped as a primary "
                            + "and nothing was promoted after it");
                    return Optional.of(n);
                } catch (IOException e) {
                    remaining.add("start " + n.id() + " by hand (" + e.getMessage() + "); it is the primary: nothing was promoted");
                    return Optional.empty();
                }
            }
        }
        remaining.add("no primary to converge on: " + describe(seen) + "; find the node on the latest timeline and promote "
                + "or start it by hand");
        return Optional.empty();
    }

    private Map<String, PgNodeStatus> read() {
        Map<String, PgNodeStatus> out = new LinkedHashMap<>();
        for (PgNodeDefinition n : definition.nodes()) {
            try (Connection c = connector.open(n, SOCKET_TIMEOUT)) {
                out.put(n.id(), PgStatusReader.readNode(n, c));
            } catch (SQLException e) {
                out.put(n.id(), PgNodeStatus.unreachable(n, e.getMessage() == null ? "unreachable" : e.getMessage()));
            }
        }
        return out;
    }

    /** A node on this host whose server is not running (no postmaster.pid, or one naming a dead pid). */
    private static boolean stoppedHere(PgNodeDefinition n) {
        if (n.local().isEmpty()) {
            return false;
        }
        Path pidFile = n.local().get().dataDir().resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            // a killed postmaster leaves its pid file behind: the pid it names must be gone too
            return lines.isEmpty() || !running(Long.parseLong(lines.get(0).trim()));
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * A killed postmaster leaves postmaster.pid behind; PostgreSQL removes it itself when the pid is gone,
     * but refuses to start while that pid is an unreaped zombie. Its pid is not running: the file is stale.
     */
    private void removeStalePidFile(PgNodeDefinition n) throws IOException {
        Path pidFile = n.local().orElseThrow().dataDir().resolve("postmaster.pid");
        if (!Files.exists(pidFile) || !stoppedHere(n)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // Its socket's lock file names the same dead pid: line 4 is the port, line 5 the first socket directory.
        if (lines.size() >= 5 && !lines.get(4).isBlank()) {
            Path socketLock = Path.of(lines.get(4).trim(), ".s.PGSQL." + lines.get(3).trim() + ".lock");
            if (Files.exists(socketLock) && Files.readAllLines(socketLock).get(0).trim().equals(lines.get(0).trim())) {
                Files.delete(socketLock);
            }
        }
        Files.delete(pidFile);
        done.add("removed the stale postmaster.pid of " + n.id() + " (its postmaster was killed)");
    }

    /** Alive and not a zombie: a killed postmaster whose parent never reaps it still shows as alive to ProcessHandle. */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc: trust ProcessHandle
        }
    }

    private String controlState(PgNodeDefinition n) {
        try {
            return new PgCtl(n.id(), n.local().orElseThrow()).controlData("Database cluster state");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private long checkpointTimeline(PgNodeDefinition n) {
        try {
            return Long.parseLong(new PgCtl(n.id(), n.local().orElseThrow()).controlData("Latest checkpoint's TimeLineID"));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private long lastCheckpoint(PgNodeDefinition n) {
        if (n.local().isEmpty()) {
            return Long.MAX_VALUE; // unknown: rewinding is the safe assumption
        }
        try {
            return Lsn.parse(new PgCtl(n.id(), n.local().get()).controlData("Latest checkpoint location"));
        } catch (IOException | IllegalArgumentException e) {
            return Long.MAX_VALUE;
        }
    }

    private static StartOptions startOptions(PgNodeDefinition n) {
        try {
            return StartOptions.parse(Files.readString(n.local().orElseThrow().dataDir().resolve("postmaster.opts"),
                    StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return StartOptions.none();
        }
    }

    /** Slots as the nodes name them now; a stopped node's from its own postgresql.auto.conf, else one named after it. */
    private PgPlan plan(Map<String, PgNodeStatus> seen, PgNodeDefinition p, List<PgNodeDefinition> toRejoin) {
        Map<String, String> slots = new LinkedHashMap<>();
        for (PgNodeDefinition n : definition.nodes()) {
            if (!seen.get(n.id()).reachable()) {
                continue; // the primary's own former slot counts too: it is the topology's, stale on the others
            }
            try (Connection c = connector.open(n, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
                String slot = string(st, "SHOW primary_slot_name");
                if (!slot.isBlank()) {
                    slots.put(n.id(), slot);
                }
            } catch (SQLException e) {
                // unreachable since: its own step says so
            }
        }
        boolean usesSlots = !slots.isEmpty();
        for (PgNodeDefinition n : toRejoin) {
            Optional<String> own = n.local().flatMap(l -> AutoConf.read(l.dataDir().resolve("postgresql.auto.conf"), "primary_slot_name"));
            if (own.isPresent() && !own.get().isBlank()) {
                slots.put(n.id(), own.get());
            } else if (usesSlots) {
                slots.put(n.id(), PgPlan.slotName(n.id()));
            }
        }
        return new PgPlan(Optional.empty(), slots, SyncStandbyNames.ASYNC, SyncStandbyNames.ASYNC);
    }

    private static Conninfo template(Connection primary, Map<String, PgNodeStatus> seen) throws SQLException {
        try (Statement st = primary.createStatement()) {
            String own = string(st, "SHOW primary_conninfo"); // a promoted standby keeps the one it streamed with
            if (!own.isBlank()) {
                return Conninfo.parse(own);
            }
        }
        return Conninfo.empty();
    }

    /**
     * Where a node on {@code nodeTimeline} left the primary's history: nowhere (no limit) when it is on
     * the primary's own timeline, else the switch point out of its timeline in the primary's history file.
     */
    private static long forkPoint(Connection c, long timeline, long nodeTimeline) throws SQLException {
        if (nodeTimeline >= timeline || nodeTimeline < 1) {
            return Long.MAX_VALUE;
        }
        try (Statement st = c.createStatement()) {
            String history = string(st, "SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(timeline) + "')");
            OptionalLong fork = TimelineHistory.switchPoint(history, nodeTimeline);
            return fork.orElse(0L);
        }
    }

    private static String ids(List<PgNodeDefinition> nodes) {
        return String.join(", ", nodes.stream().map(PgNodeDefinition::id).toList());
    }

    private String describe(Map<String, PgNodeStatus> seen) {
        List<String> parts = new ArrayList<>();
        for (PgNodeStatus s : seen.values()) {
            String id = s.node().id();
            parts.add(id + " " + (!s.reachable() ? (stoppedHere(s.node()) ? "stopped (" + controlState(s.node()) + ")" : "unreachable")
                    : s.inRecovery() ? "standby on timeline " + s.timeline() : "primary on timeline " + s.timeline()));
        }
        return String.join(", ", parts);
    }
}
