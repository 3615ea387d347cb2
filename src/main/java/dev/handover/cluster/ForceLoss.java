package dev.handover.cluster;

import dev.handover.core.ForcePrompt;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What a forced commit at a prompt would lose, put the way a DBA weighs it: the lost transactions (counted
 * where the backend can — the simulator's ledger, MariaDB's GTIDs, PostgreSQL's WAL through pg_walinspect —
 * else a range estimated from the write rate read before the freeze, and said so), the bytes, the time the
 * lost writes span, and a safer way out if another replica holds more.
 *
 * @param prompt       the coordinator's question: frontier, reached, skipped
 * @param positions    how the cluster writes positions and distances
 * @param bytes        whether a position counts bytes of log (PostgreSQL's WAL; the simulator's too)
 * @param writes       the writes lost: counted, estimated (a range with its basis), or unknown
 * @param rate         the primary's write rate read before the freeze, when one was read
 * @param alternative  a replica that holds more of what the target misses, with what to do instead
 */
public record ForceLoss(ForcePrompt prompt, Positions positions, boolean bytes, LostWrites writes,
                        Optional<WriteRate> rate, Optional<Alternative> alternative) {

    public ForceLoss {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(alternative, "alternative");
    }

    /** What a lost write is on a cluster: the simulator counts acknowledged writes, databases committed transactions. */
    public enum Unit {
        ACKNOWLEDGED_WRITES("acknowledged write"),
        TRANSACTIONS("committed transaction");

        private final String singular;

        Unit(String singular) {
            this.singular = singular;
        }

        /** {@code 1 committed transaction}, {@code 85 committed transactions}: the noun for {@code n}. */
        public String noun(long n) {
            return n == 1 ? singular : singular + "s";
        }
    }

    /** The writes a forced commit would lose (or, after the run, did lose). */
    public sealed interface LostWrites permits Counted, Estimated, Unknown {

        /** Whether the figure was counted, not estimated. */
        default boolean exact() {
            return this instanceof Counted;
        }
    }

    /**
     * Counted by the backend, exactly.
     *
     * @param count  the lost transactions (or the simulator's acknowledged writes)
     * @param unit   what was counted
     * @param basis  how, in words: {@code counted in the WAL with pg_walinspect: ...}
     * @param ends   where each counted commit's log ends, ascending, when the backend read them (PostgreSQL): a
     *               commit handed over at a later position is recounted from these; empty otherwise
     * @param span   from the first to the last lost commit, when the log says when they committed
     */
    public record Counted(long count, Unit unit, String basis, long[] ends, Optional<Duration> span) implements LostWrites {
        public Counted {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(span, "span");
            ends = ends.clone();
            if (count < 0) {
                throw new IllegalArgumentException("a count is 0 or more, got " + count);
            }
        }

        /** A count without commit positions or times (the simulator, MariaDB). */
        public Counted(long count, Unit unit, String basis) {
            this(count, unit, basis, new long[0], Optional.empty());
        }

        @Override
        public long[] ends() {
            return ends.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counted c && c.count == count && c.unit == unit && c.basis.equals(basis)
                   && Arrays.equals(c.ends, ends) && c.span.equals(span);
        }

        @Override
        public int hashCode() {
            return Objects.hash(count, unit, basis, Arrays.hashCode(ends), span);
        }

        @Override
        public String toString() {
            return "Counted[" + count + " " + unit + ", " + basis + ", " + ends.length + " commit positions, span " + span + "]";
        }
    }

    /**
     * Not counted: between {@code low} and {@code high} (equal when the basis gives one figure), estimated on
     * {@code basis}, which says what was read and what it leaves out or takes in.
     */
    public record Estimated(long low, long high, Unit unit, String basis) implements LostWrites {
        public Estimated {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(basis, "basis");
            if (low < 0 || high < low) {
                throw new IllegalArgumentException("an estimate is 0 <= low <= high, got " + low + ".." + high);
            }
        }
    }

    /** Neither counted nor estimable, and why. */
    public record Unknown(String why) implements LostWrites {
        public Unknown {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Another replica than the target, reachable, whose durable position is the furthest of all and beyond
     * the target's: it {@code holdsEverything} when it covers the frozen frontier.
     */
    public record Alternative(String nodeId, long durableLsn, boolean holdsEverything, long shortLsn) {
        public Alternative {
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    /**
     * The same figures with a status read at the prompt: its positions' form and the safer replica it shows.
     * Nothing is counted again.
     */
    public ForceLoss withStatus(ClusterSnapshot now) {
        return new ForceLoss(prompt, now.positions(), bytes, writes, rate, alternative(now, prompt));
    }

    /** The prompt alone, the cluster not asked: figures that only the positions give. */
    public static ForceLoss unassessed(ForcePrompt prompt, Positions positions) {
        return new ForceLoss(prompt, positions, false, new Unknown("the cluster was not asked"), Optional.empty(),
                Optional.empty());
    }

    /**
     * How long the lost writes took the primary to write: the span between the first and the last lost commit
     * where the log dates them; else the lost transactions at the transaction rate read before the freeze (a
     * range when they are); for the simulator's nominal load, the skipped positions at its rate. Empty when
     * none of these is known — never the skipped bytes at a WAL byte rate, which one large transaction makes
     * meaningless.
     */
    public Optional<Span> writeTime() {
        if (writes instanceof Counted c && c.span().isPresent()) {
            return Optional.of(new Span(c.span().get(), c.span().get(), Span.Basis.COMMIT_TIMES));
        }
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        WriteRate r = rate.get();
        if (r.window().isZero()) {
            return r.timeToWrite(prompt.skippedLsn()).map(t -> new Span(t, t, Span.Basis.NOMINAL_LOAD));
        }
        if (r.writesPerSecond().isEmpty() || r.writesPerSecond().getAsDouble() <= 0) {
            return Optional.empty();
        }
        double perSecond = r.writesPerSecond().getAsDouble();
        long low;
        long high;
        if (writes instanceof Counted c) {
            low = c.count();
            high = c.count();
        } else if (writes instanceof Estimated e) {
            low = e.low();
            high = e.high();
        } else {
            return Optional.empty();
        }
        return Optional.of(new Span(seconds(low / perSecond), seconds(high / perSecond), Span.Basis.TRANSACTION_RATE));
    }

    /** How long the lost writes took, from {@code shortest} to {@code longest}, and from what. */
    public record Span(Duration shortest, Duration longest, Basis basis) {
        public enum Basis {
            /** From the first to the last lost commit's time in the log. */
            COMMIT_TIMES,
            /** The lost transactions at the rate read before the freeze. */
            TRANSACTION_RATE,
            /** The skipped positions at the simulator's scenario load. */
            NOMINAL_LOAD
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) Math.min(s * 1e9, Long.MAX_VALUE / 2.0));
    }

    /**
     * The loss at {@code prompt} on {@code cluster}: its own count where it keeps one, else an estimate from
     * {@code before} (the rate read before the freeze); the safer replica from {@code now}, a status read at
     * the prompt (empty when none could be read).
     */
    public static ForceLoss assess(ClusterConnection cluster, ForcePrompt prompt, Optional<WriteRate> before,
                                   Optional<ClusterSnapshot> now) {
        LostWrites writes = counted(cluster, prompt.reachedLsn(), prompt.frontierLsn())
                .orElseGet(() -> estimate(prompt.skippedLsn(), before));
        return new ForceLoss(prompt, now.map(ClusterSnapshot::positions).orElse(cluster.positions()),
                cluster.positionsCountBytes(), writes, before, now.flatMap(s -> alternative(s, prompt)));
    }

    private static Optional<LostWrites> counted(ClusterConnection cluster, long after, long upto) {
        try {
            return cluster.countLostWrites(after, upto);
        } catch (RuntimeException e) {
            return Optional.empty(); // a count that fails leaves the estimate, which says it is one
        }
    }

    /**
     * What a forced commit that handed over at {@code held} (the outcome's reached position; at or past the
     * prompt's, if the target received more before the commit) really lost of this loss: counted again where
     * the cluster can, from the counted commits' positions where it read them, an estimate scaled to what was
     * really skipped otherwise.
     */
    public LostWrites atHandover(ClusterConnection cluster, long held) {
        long frontier = prompt.frontierLsn();
        if (held == prompt.reachedLsn()) {
            return writes;
        }
        // Commit positions counted at the prompt (some may lie past the frontier: PostgreSQL's count reads on).
        if (writes instanceof Counted c && c.ends().length == c.count() && c.count() > 0) {
            long left = Arrays.stream(c.ends()).filter(end -> end > held).count();
            return new Counted(left, c.unit(), c.basis() + "; of them, the " + c.unit().noun(left)
                    + " past where the target stood when the term was handed over", Arrays.stream(c.ends())
                    .filter(end -> end > held).toArray(), Optional.empty());
        }
        if (held >= frontier) {
            return new Counted(0, unitOf(writes), "the target held the whole frontier when the term was handed over");
        }
        Optional<LostWrites> again = held > prompt.reachedLsn() ? counted(cluster, held, frontier) : Optional.empty();
        if (again.isPresent()) {
            return again.get();
        }
        if (writes instanceof Estimated e && prompt.skippedLsn() > 0) {
            double share = Math.max(0, frontier - held) / (double) prompt.skippedLsn();
            return new Estimated(Math.round(e.low() * Math.min(1, share)), Math.round(e.high() * Math.min(1, share)),
                    e.unit(), e.basis() + "; scaled to what the target lacked when the term was handed over");
        }
        if (writes instanceof Counted c) {
            // Counted at the prompt, not countable again, the target further on: at most that many.
            return new Estimated(0, c.count(), c.unit(), "at most the " + c.count() + " counted at the prompt ("
                    + c.basis() + "): the target received more before the term was handed over");
        }
        return writes;
    }

    private static Unit unitOf(LostWrites w) {
        if (w instanceof Counted c) {
            return c.unit();
        }
        if (w instanceof Estimated e) {
            return e.unit();
        }
        return Unit.TRANSACTIONS;
    }

    /**
     * A range from the rate read before the freeze: the skipped positions at the lowest and the highest
     * transactions per position the rate's samples showed (one figure when it kept no spread).
     */
    static LostWrites estimate(long skipped, Optional<WriteRate> before) {
        if (before.isEmpty()) {
            return new Unknown("no write rate was read before the freeze");
        }
        WriteRate r = before.get();
        if (r.writesPerSecond().isEmpty()) {
            return new Unknown("this cluster does not count its writes");
        }
        if (r.lsnPerSecond() <= 0) {
            return new Unknown("the primary wrote nothing while its rate was read");
        }
        double perLsn = r.writesPerSecond().getAsDouble() / r.lsnPerSecond();
        double low = r.perPosition().map(WriteRate.PerPosition::low).orElse(perLsn);
        double high = r.perPosition().map(WriteRate.PerPosition::high).orElse(perLsn);
        return new Estimated(Math.round(skipped * Math.min(low, high)), Math.round(skipped * Math.max(low, high)),
                r.unit(), "estimate, basis: " + r.source());
    }

    /** The reachable replica, other than the target and the old primary, furthest along and beyond the target. */
    static Optional<Alternative> alternative(ClusterSnapshot now, ForcePrompt prompt) {
        String target = prompt.request().target().id();
        String primary = prompt.request().oldPrimary().id();
        return now.nodes().stream()
                .filter(n -> !n.id().equals(target) && !n.id().equals(primary) && !n.isPrimary())
                .filter(n -> n.health() != Health.UNREACHABLE && n.durableLsn() > prompt.reachedLsn())
                .max(Comparator.comparingLong(NodeStatus::durableLsn).thenComparing(NodeStatus::id,
                        Comparator.reverseOrder()))
                .map(n -> new Alternative(n.id(), n.durableLsn(), n.durableLsn() >= prompt.frontierLsn(),
                        Math.max(0, prompt.frontierLsn() - n.durableLsn())));
    }
}
