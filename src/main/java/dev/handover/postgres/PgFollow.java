package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.handover.postgres.Sql.bool;
import static dev.handover.postgres.Sql.literal;
import static dev.handover.postgres.Sql.longValue;
import static dev.handover.postgres.Sql.string;

/**
 * After the promotion: every other node follows the new primary. Siblings are re-pointed (a reload)
 * or, when they hold WAL past the fork point, rewound and restarted; the old primary becomes a
 * standby ({@code standby.signal}, primary_conninfo, {@code pg_rewind} first when needed) or, without
 * local control, stays fenced with the exact remaining steps. Nothing here undoes the promotion:
 * failures become remaining steps in the report.
 */
final class PgFollow {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** The commit's one session to the new primary. */
    @FunctionalInterface
    interface Session {
        Connection get() throws SQLException;
    }

    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgFreeze freeze;
    private final Session targetSession;
    private final long lastOldWal;
    private final List<String> done;
    private final List<String> remaining;
    private final PgPlan plan;
    private boolean rewound;
    private boolean sourceCheckpointed;
    private boolean slotsEnsured;
    private final Set<String> repointed = ConcurrentHashMap.newKeySet();
    /** Threads for the work done alongside the promotion; daemon, so a stuck session never holds the JVM. */
    private static final ExecutorService EARLY = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pg-follow-early");
        t.setDaemon(true);
        return t;
    });

    PgFollow(PgConnector connector, PgNodeDefinition oldPrimary, PgNodeDefinition target, PgFreeze freeze,
             Session targetSession, long lastOldWal, PgPlan plan, List<String> done, List<String> remaining) {
        this.plan = plan;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.freeze = freeze;
        this.targetSession = targetSession;
        this.lastOldWal = lastOldWal;
        this.done = done;
        this.remaining = remaining;
    }

    /** Re-points or rewinds every sibling, then brings the old primary along; true when the old primary was rewound. */
    /**
     * Before the promotion, once the old primary is shut down and the target holds its last WAL record
     * (so no sibling can be ahead of the target), and while the caller promotes the target: every slot
     * is created on the target (over {@code slotSession}, a second session to it), then the siblings are
     * re-pointed to it, in parallel, over sessions opened before the freeze. A sibling pointed there a
     * moment before the promotion streams through the target as a cascade and follows its timeline
     * switch on the same connection, so a synchronous cluster has its synchronous standby at once.
     * Whatever fails here is tried again after the promotion by {@link #run}.
     */
    CompletableFuture<Void> beforePromotion(List<PgNodeDefinition> siblings, Map<String, Connection> sessions,
                                            Connection slotSession) {
        return CompletableFuture.runAsync(() -> {
            ensureSlots(siblings, slotSession);
            CompletableFuture.allOf(siblings.stream().filter(s -> sessions.containsKey(s.id()))
                    .map(s -> CompletableFuture.runAsync(() -> repointEarly(s, sessions.get(s.id())), EARLY))
                    .toArray(CompletableFuture[]::new)).join();
        }, EARLY);
    }

    private void repointEarly(PgNodeDefinition sibling, Connection c) {
        try (Statement st = c.createStatement()) {
            if (!bool(st, "SELECT pg_is_in_recovery()")) {
                return;
            }
            Conninfo next = streamFromTarget(Conninfo.parse(string(st, "SHOW primary_conninfo")), sibling);
            st.execute("ALTER SYSTEM SET primary_conninfo = " + literal(next.format()));
            st.execute("SELECT pg_reload_conf()");
            repointed.add(sibling.id());
            done.add("re-pointed standby " + sibling.id() + " to " + target.addr() + " (as it was promoted; it follows "
                    + "the timeline switch on the same connection)");
        } catch (SQLException e) {
            // tried again after the promotion, where a failure becomes a remaining step
        }
    }

    /** The standbys re-pointed at the target as its promotion began (they follow it once it promotes). */
    java.util.Set<String> repointedEarly() {
        return java.util.Set.copyOf(repointed);
    }

    boolean run(List<PgNodeDefinition> siblings, Conninfo template, long newTerm, long fork) {
        // Every slot first: a standby pointed at the new primary must find its slot there (and its WAL kept).
        try {
            ensureSlots(siblings, targetSession.get());
        } catch (SQLException e) {
            remaining.add("create the replication slots " + plan.slots() + " on " + target.id() + " (" + e.getMessage() + ")");
        }
        for (PgNodeDefinition sibling : siblings) {
            if (!repointed.contains(sibling.id())) {
                repointSibling(sibling, fork);
            }
        }
        FaultPoint.reached("re-pointing"); // the fault campaign: siblings re-pointed, the old primary not yet
        rejoinOldPrimary(template, newTerm, fork);
        dropStaleSlots(target, Optional.empty());
        for (PgNodeDefinition sibling : siblings) {
            dropStaleSlots(sibling, Optional.empty());
        }
        return rewound;
    }

    /**
     * A sibling that is not past the fork point only needs its primary_conninfo re-aimed (a reload,
     * no restart); one that received WAL the new timeline does not have (a forced handover past a
     * lagging target) must be rewound first, which needs local control.
     */
    void repointSibling(PgNodeDefinition sibling, long fork) {
        Conninfo next;
        try (Connection c = connector.open(sibling, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            if (!bool(st, "SELECT pg_is_in_recovery()")) {
                remaining.add(sibling.id() + " is not a standby; check it by hand");
                return;
            }
            next = streamFromTarget(Conninfo.parse(string(st, "SHOW primary_conninfo")), sibling);
            long durable = longValue(st, "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint");
            if (durable <= fork) {
                st.execute("ALTER SYSTEM SET primary_conninfo = " + literal(next.format()));
                st.execute("SELECT pg_reload_conf()");
                done.add("re-pointed standby " + sibling.id() + " to " + target.addr());
                return;
            }
        } catch (SQLException e) {
            remaining.add("re-point standby " + sibling.id() + " to the new primary (" + e.getMessage() + "): on "
                    + sibling.id() + " run ALTER SYSTEM SET primary_conninfo = 'host=" + target.host() + " port="
                    + target.port() + " application_name=" + sibling.id() + " ...'; SELECT pg_reload_conf();");
            return;
        }
        if (sibling.local().isEmpty()) {
            remaining.add("standby " + sibling.id() + " received WAL past the fork point " + Lsn.format(fork)
                    + " that " + target.id() + " never had: stop it, pg_rewind it from " + target.addr()
                    + ", then start it with primary_conninfo = '" + copied(next, sibling) + "'");
            return;
        }
        rejoin(sibling, next, true, true, Optional.empty());
    }

    void rejoinOldPrimary(Conninfo template, long newTerm, long fork) {
        Conninfo conninfo = streamFromTarget(template, oldPrimary);
        if (oldPrimary.local().isEmpty()) {
            String dir = "<data directory of " + oldPrimary.id() + ">";
            remaining.add("on " + oldPrimary.host() + ": stop " + oldPrimary.id() + " (it is frozen, not writable): "
                    + "pg_ctl stop -D " + dir + " -m fast");
            remaining.add("on " + oldPrimary.host() + ": pg_rewind --target-pgdata=" + dir + " --source-server='host="
                    + target.host() + " port=" + target.port() + " user=" + target.user() + " dbname=" + target.database() + "'");
            remaining.add("on " + oldPrimary.host() + ": touch " + dir + "/standby.signal, and in postgresql.auto.conf "
                    + "remove default_transaction_read_only and set primary_conninfo = '" + copied(conninfo, oldPrimary) + "'");
            remaining.add("on " + oldPrimary.host() + ": pg_ctl start -D " + dir + ", then check that pg_stat_wal_receiver "
                    + "shows it streaming from " + target.addr() + " on timeline " + newTerm);
            return;
        }
        // Its last record (the shutdown checkpoint) starts before the fork only if the target replayed all of it.
        rejoin(oldPrimary, conninfo, lastOldWal >= fork, false, Optional.of(freeze));
        dropStaleSlots(oldPrimary, Optional.of(oldPrimary));
    }

    /**
     * Recovery: the old primary of this follow — stopped by a run that died, or a stale primary still
     * running on an older timeline — becomes a standby of the target, rewound when it went past the fork
     * (always when it kept running: its last WAL is unknown, and a rewind that finds nothing to do is harmless).
     */
    void rejoinStale(Conninfo template, long newTerm, long fork, boolean running) {
        if (oldPrimary.local().isEmpty()) {
            rejoinOldPrimary(template, newTerm, fork); // lists the steps
            return;
        }
        rejoin(oldPrimary, streamFromTarget(template, oldPrimary), running || lastOldWal >= fork, running, Optional.of(freeze));
        dropStaleSlots(oldPrimary, Optional.of(oldPrimary));
    }

    /** Turns a node on this host into a standby of the target: [stop], [pg_rewind], standby.signal, primary_conninfo, start. */
    private void rejoin(PgNodeDefinition node, Conninfo conninfo, boolean rewind, boolean running, Optional<PgFreeze> lift) {
        PgCtl ctl = new PgCtl(node.id(), node.local().orElseThrow());
        Path dataDir = ctl.local().dataDir();
        boolean didRewind = false;
        try {
            StartOptions options = plan.oldPrimaryStart().filter(o -> node.id().equals(oldPrimary.id())).orElse(StartOptions.none());
            if (running) {
                options = startOptions(node);
                ctl.stopFast(STOP_WAIT);
            }
            if (rewind) {
                if (!sourceCheckpointed) {
                    try (Statement st = targetSession.get().createStatement()) {
                        st.execute("CHECKPOINT"); // pg_rewind reads the new timeline from the source's control file
                    }
                    sourceCheckpointed = true;
                }
                Map<String, String> env = new HashMap<>();
                connector.password(target).ifPresent(p -> env.put("PGPASSWORD", p)); // the environment, never argv
                ctl.rewind("host=" + target.host() + " port=" + target.port() + " user=" + target.user()
                        + " dbname=" + target.database() + " connect_timeout=10", env);
                didRewind = true;
                rewound |= node.id().equals(oldPrimary.id());
                done.add("rewound " + node.id() + " with pg_rewind: it had WAL past the fork point the new timeline does not have");
            }
            ctl.writeOwned(dataDir.resolve("standby.signal"), new byte[0]);
            Path auto = dataDir.resolve("postgresql.auto.conf");
            AutoConf conf = new AutoConf(Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "")
                    .set("primary_conninfo", conninfo.format());
            Optional<String> slot = plan.slotFor(node.id());
            if (slot.isPresent()) {
                conf.set("primary_slot_name", slot.get());
            }
            ctl.writeOwned(auto, conf.text().getBytes(StandardCharsets.UTF_8));
            ctl.start(STOP_WAIT, options);
            String how = "started " + node.id() + " as a standby of " + target.id() + (slot.map(x -> " through slot " + x).orElse(""))
                    + (options.args().isEmpty() ? "" : ", with its own start options " + options);
            if (lift.isPresent()) {
                try (Connection c = connector.open(node, SOCKET_TIMEOUT)) {
                    lift.get().resume(c); // so it is writable should it be promoted later
                }
            }
            done.add(how);
        } catch (IOException | SQLException e) {
            remaining.add("turn " + node.id() + " into a standby of " + target.id() + " by hand (" + e.getMessage()
                    + "): stop it, " + (didRewind ? "" : "pg_rewind it from " + target.addr() + " if it will not follow, ")
                    + "create standby.signal in " + dataDir + ", set primary_conninfo = '"
                    + copied(conninfo, node) + "', remove default_transaction_read_only from "
                    + "postgresql.auto.conf, and start it");
        }
    }

    /** The slot of every node that will stream from the target (the siblings and the old primary), once. */
    synchronized void ensureSlots(List<PgNodeDefinition> siblings, Connection session) {
        if (slotsEnsured) {
            return;
        }
        slotsEnsured = true;
        List<PgNodeDefinition> followers = new ArrayList<>(siblings);
        followers.add(oldPrimary);
        for (PgNodeDefinition n : followers) {
            if (n.id().equals(target.id()) || plan.slotFor(n.id()).isEmpty()) {
                continue; // recovery may have no node to rejoin: the "old primary" is then the primary itself
            }
            try {
                ensureSlot(n, session);
            } catch (SQLException e) {
                remaining.add("create replication slot " + plan.slotFor(n.id()).orElseThrow() + " for " + n.id() + " on "
                        + target.id() + " (" + e.getMessage() + "): SELECT pg_create_physical_replication_slot('"
                        + plan.slotFor(n.id()).orElseThrow() + "', true);");
            }
        }
    }

    /**
     * Physical slots are not replicated, so a standby that streams through one finds none on a freshly
     * promoted primary: create it there (reserving WAL from now on) before the standby is pointed there.
     */
    private void ensureSlot(PgNodeDefinition standby, Connection session) throws SQLException {
        Optional<String> slot = plan.slotFor(standby.id());
        if (slot.isEmpty()) {
            return;
        }
        try (var ps = session.prepareStatement("SELECT pg_create_physical_replication_slot(?, true) "
                + "WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
            ps.setString(1, slot.get());
            ps.setString(2, slot.get());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    done.add("created replication slot " + slot.get() + " for " + standby.id() + " on " + target.id());
                }
            }
        }
    }

    /**
     * An inactive slot holds back WAL removal without end. On {@code node}, the topology's slots that
     * nothing streams through any more (those of the old topology on the demoted primary, the new
     * primary's own former slot) are dropped; any other inactive slot is not Handover's: left alone and named.
     */
    void dropStaleSlots(PgNodeDefinition node, Optional<PgNodeDefinition> viaOwnSession) {
        Set<String> topology = plan.topologySlots();
        Set<String> inUse = new HashSet<>();
        if (node.id().equals(target.id())) {
            definitionFollowers().forEach(id -> plan.slotFor(id).ifPresent(inUse::add));
        }
        try (Connection c = node.id().equals(target.id()) ? null : connector.open(node, SOCKET_TIMEOUT)) {
            Connection session = c == null ? targetSession.get() : c;
            List<String> inactive = new ArrayList<>();
            try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'physical' AND NOT active")) {
                while (rs.next()) {
                    inactive.add(rs.getString(1));
                }
            }
            for (String slot : inactive) {
                if (topology.contains(slot) && !inUse.contains(slot)) {
                    try (var ps = session.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                        ps.setString(1, slot);
                        ps.execute();
                    }
                    done.add("dropped replication slot " + slot + " on " + node.id() + ": nothing streams through it there any more");
                } else if (!topology.contains(slot)) {
                    done.add("NOTE: " + node.id() + " keeps inactive replication slot " + slot + ", which Handover did not create "
                            + "for a standby; it holds back WAL removal on " + node.id() + ": drop it (SELECT "
                            + "pg_drop_replication_slot('" + slot + "')) unless something still uses it");
                }
            }
        } catch (SQLException e) {
            remaining.add("check the replication slots on " + node.id() + " (" + e.getMessage() + "): drop any inactive slot "
                    + "among " + topology + " there (SELECT pg_drop_replication_slot(name)), it holds back WAL removal");
        }
    }

    /** Ids of every node that streams from the new primary once the commit is done. */
    private List<String> definitionFollowers() {
        return plan.slots().keySet().stream().filter(id -> !id.equals(target.id())).toList();
    }

    /** How a running node was started, read before it is stopped so it can be started the same way. */
    private StartOptions startOptions(PgNodeDefinition node) throws SQLException {
        try (Connection c = connector.open(node, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            return StartOptions.parse(string(st, "SELECT pg_read_file('postmaster.opts')"));
        } catch (IllegalArgumentException e) {
            throw new SQLException("cannot read how " + node.id() + " was started: " + e.getMessage(), e);
        }
    }

    /**
     * {@code conninfo} as a step shows it for {@code node}, quoted for the SQL literal it goes in: its password as the
     * variable the definition keeps {@code node}'s password in ({@code passwordEnv}), else {@code $PGPASSWORD}, never
     * the secret nor stars that would not work when pasted.
     */
    static String copied(Conninfo conninfo, PgNodeDefinition node) {
        return conninfo.toCopy(node.passwordEnv().orElse(PASSWORD_VARIABLE)).replace("'", "''");
    }

    /** libpq's own variable: where a step's password comes from when the definition names none. */
    static final String PASSWORD_VARIABLE = "PGPASSWORD";

    /** A standby's conninfo re-aimed at the target, named after the standby so pg_stat_replication shows which node it is. */
    private Conninfo streamFromTarget(Conninfo base, PgNodeDefinition standby) {
        Conninfo c = base.with("host", target.host()).with("port", Integer.toString(target.port()))
                .with("application_name", standby.id()).without("hostaddr");
        if (c.get("user") == null) {
            c = c.with("user", standby.user());
        }
        return c;
    }
}
