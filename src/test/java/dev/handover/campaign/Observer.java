package dev.handover.campaign;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import dev.handover.testing.Await;

/**
 * The campaign's independent witness: one thread per node, each with its own JDBC session (never Handover's
 * code), asking every {@link #PERIOD} whether that node takes writes, for the whole scenario. A node is
 * writable when a session there may commit a write: PostgreSQL {@code NOT pg_is_in_recovery()} with
 * {@code default_transaction_read_only} off, MariaDB {@code @@global.read_only = 0}. A node that does not answer
 * within a second counts as not writable at that moment (it cannot take a write either).
 *
 * <p>Two nodes are writable at once when a run of writable answers from one overlaps in time a run of writable
 * answers from the other: between two such answers a node is taken as writable throughout. A run is taken from
 * the return of its first answer to the start of its last, so that an answer slow to come back on a loaded
 * machine (a node fenced a few milliseconds before the other is promoted) is not mistaken for an overlap; a
 * split brain shorter than one round of answers can be missed, one longer cannot.
 */
final class Observer implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(40);

    /** How a node is asked: a JDBC URL and login, and the query whose one boolean column says "writable". */
    record Probe(String node, String url, String user, String password, String writableQuery) {
        static Probe postgres(String node, int port, String password) {
            return new Probe(node, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=1&socketTimeout=1"
                    + "&ApplicationName=campaign-observer", "postgres", password,
                    "SELECT NOT pg_is_in_recovery() AND current_setting('default_transaction_read_only') = 'off'");
        }

        static Probe mariadb(String node, int port, String user, String password) {
            return new Probe(node, "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=1000&socketTimeout=1000",
                    user, password, "SELECT @@global.read_only = 0");
        }
    }

    /** One answer (or its absence) from one node, between {@code from} and {@code to} (ms since the observer started). */
    record Sample(String node, long from, long to, boolean writable, String note) {
    }

    /** A rule broken at {@code atMs} (since the observer started), with what was seen. */
    record Violation(long atMs, String rule, String seen) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "+%d ms %s: %s", atMs, rule, seen);
        }
    }

    private final long start = System.nanoTime();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    private Observer() {
    }

    static Observer start(List<Probe> probes) {
        Observer o = new Observer();
        for (Probe p : probes) {
            o.samples.put(p.node(), Collections.synchronizedList(new ArrayList<>()));
        }
        for (Probe p : probes) {
            Thread t = new Thread(() -> o.watch(p), "campaign-observer-" + p.node());
            t.setDaemon(true);
            o.threads.add(t);
            t.start();
        }
        return o;
    }

    long nowMs() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void watch(Probe p) {
        Connection c = null;
        List<Sample> mine = samples.get(p.node());
        while (!stopped) {
            long from = nowMs();
            long next = System.nanoTime() + PERIOD.toNanos();
            boolean writable = false;
            String note;
            try {
                if (c == null) {
                    c = DriverManager.getConnection(p.url(), p.user(), p.password());
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(p.writableQuery())) {
                    rs.next();
                    writable = rs.getBoolean(1);
                    note = writable ? "writable" : "read-only";
                }
            } catch (SQLException e) {
                note = "no answer: " + e.getMessage();
                close(c);
                c = null;
            }
            mine.add(new Sample(p.node(), from, nowMs(), writable, note));
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        close(c);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // going anyway
            }
        }
    }

    /** The last answer of each node. */
    Map<String, Sample> last() {
        Map<String, Sample> out = new LinkedHashMap<>();
        samples.forEach((node, list) -> {
            synchronized (list) {
                if (!list.isEmpty()) {
                    out.put(node, list.get(list.size() - 1));
                }
            }
        });
        return out;
    }

    /**
     * Every node's answer asked after a moment, and whether each came within the wait ({@code fresh}); its text is
     * what a wait on it says it saw: the writable nodes, each node's last answer, and which answers are stale.
     */
    record Now(List<String> writable, Map<String, Sample> last, List<String> stale) {
        boolean fresh() {
            return stale.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("writable " + writable + ";");
            last.forEach((node, s) -> sb.append(' ').append(node).append(' ').append(s.note()).append(" (+").append(s.from())
                    .append(" ms)"));
            return sb + (stale.isEmpty() ? "" : "; no answer asked since the wait began from " + stale);
        }
    }

    /** Waits (bounded) until every node answered at least once after now; the answers (stale ones marked so). */
    Now writableNow(Duration timeout) {
        long after = nowMs();
        Await.Seen<Map<String, Sample>> seen = Await.upTo(timeout, this::last,
                last -> last.size() == samples.size() && last.values().stream().allMatch(s -> s.from() >= after));
        Map<String, Sample> last = seen.met() ? seen.last() : last();
        List<String> stale = samples.keySet().stream()
                .filter(n -> !last.containsKey(n) || last.get(n).from() < after).toList();
        return new Now(last.values().stream().filter(Sample::writable).map(Sample::node).toList(), last, stale);
    }

    /** Runs of consecutive writable answers, per node, as [first answer's return, last answer's start]. */
    private List<long[]> writableRuns(List<Sample> list) {
        List<long[]> runs = new ArrayList<>();
        long[] open = null;
        synchronized (list) {
            for (Sample s : list) {
                if (s.writable()) {
                    if (open == null) {
                        open = new long[]{s.to(), s.from()};
                        runs.add(open);
                    } else {
                        open[1] = s.from();
                    }
                } else {
                    open = null;
                }
            }
        }
        return runs;
    }

    /** Rule (i): never two writable primaries at once. One violation per overlapping pair of runs. */
    List<Violation> twoWritable() {
        List<Violation> out = new ArrayList<>();
        List<String> nodes = new ArrayList<>(samples.keySet());
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                for (long[] a : writableRuns(samples.get(nodes.get(i)))) {
                    for (long[] b : writableRuns(samples.get(nodes.get(j)))) {
                        long from = Math.max(a[0], b[0]);
                        long to = Math.min(a[1], b[1]);
                        if (from <= to && a[0] <= a[1] && b[0] <= b[1]) {
                            out.add(new Violation(from, "two writable primaries", nodes.get(i) + " and " + nodes.get(j)
                                    + " both answered writable for " + (to - from) + " ms (" + nodes.get(i) + " writable +"
                                    + a[0] + "..+" + a[1] + " ms, " + nodes.get(j) + " +" + b[0] + "..+" + b[1] + " ms)"));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** How many answers were taken, per node, and the longest gap between two, for the cell's log. */
    String coverage() {
        StringBuilder sb = new StringBuilder();
        samples.forEach((node, list) -> {
            synchronized (list) {
                long gap = 0;
                for (int i = 1; i < list.size(); i++) {
                    gap = Math.max(gap, list.get(i).from() - list.get(i - 1).from());
                }
                sb.append(node).append(": ").append(list.size()).append(" answers, longest gap ").append(gap).append(" ms; ");
            }
        });
        return sb.toString();
    }

    /** A timeline of changes of one node's answer, for a failing cell's message. */
    String changes(String node) {
        StringBuilder sb = new StringBuilder();
        List<Sample> list = samples.get(node);
        String prev = null;
        synchronized (list) {
            for (Sample s : list) {
                String state = s.writable() ? "writable" : s.note().startsWith("no answer") ? "no answer" : "read-only";
                if (!state.equals(prev)) {
                    sb.append(" +").append(s.from()).append("ms ").append(state);
                    prev = state;
                }
            }
        }
        return node + ":" + sb;
    }

    Optional<List<Sample>> samplesOf(String node) {
        return Optional.ofNullable(samples.get(node));
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
