package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link ForceLoss} in the words the console's force dialog and the CLI both print, so the operator reads
 * the same figures wherever the question comes: the lost transactions first (counted, or a range with its
 * basis), then size, then time.
 */
public final class ForceLossText {
    private ForceLossText() {
    }

    /**
     * {@code 85 committed transactions will be lost}, {@code between 60 and 110 committed transactions will be
     * lost}, {@code about 40 ...} (an estimate with one figure), or that it is not known.
     */
    public static String writes(ForceLoss loss) {
        return amount(loss.writes()) + " will be lost";
    }

    /**
     * A loss figure with its noun, no verb: {@code 85 committed transactions}, {@code between 60 and 110
     * committed transactions}, {@code an unknown number of committed transactions}: for the prompt and the record.
     */
    public static String amount(ForceLoss.LostWrites w) {
        if (w instanceof ForceLoss.Counted c) {
            return Positions.grouped(c.count()) + " " + c.unit().noun(c.count());
        }
        if (w instanceof ForceLoss.Estimated e) {
            return e.low() == e.high()
                    ? "about " + Positions.grouped(e.low()) + " " + e.unit().noun(e.low())
                    : "between " + Positions.grouped(e.low()) + " and " + Positions.grouped(e.high()) + " "
                      + e.unit().noun(e.high());
        }
        return "an unknown number of committed transactions";
    }

    /** How the figure was made: how it was counted, or {@code estimate, basis: ...}, or why it is not known. */
    public static String writesBasis(ForceLoss loss) {
        return basis(loss.writes());
    }

    /** The same for a figure on its own. */
    public static String basis(ForceLoss.LostWrites w) {
        if (w instanceof ForceLoss.Counted c) {
            return c.basis();
        }
        if (w instanceof ForceLoss.Estimated e) {
            return e.basis();
        }
        return "not known: " + ((ForceLoss.Unknown) w).why();
    }

    /** {@code 3.9 MB (4,108,463 bytes)} where positions count bytes; the cluster's own distance otherwise. */
    public static String size(ForceLoss loss) {
        long skipped = loss.prompt().skippedLsn();
        return loss.bytes() ? megabytes(skipped) + " (" + Positions.grouped(skipped) + " bytes)"
                : loss.positions().amount(skipped);
    }

    /**
     * How long the lost writes took: {@code 16.2 s, from the first to the last lost commit in the WAL},
     * {@code about 0.3 to 0.6 s at 140 transactions/s before the freeze}, or not known (then no seconds are
     * made up from the bytes).
     */
    public static String time(ForceLoss loss) {
        Optional<ForceLoss.Span> span = loss.writeTime();
        if (span.isEmpty()) {
            return "not known: " + (loss.rate().isEmpty() ? "no write rate was read before the freeze"
                    : "neither the commits' times nor a transaction rate were read");
        }
        ForceLoss.Span s = span.get();
        // Compared as written: 169 and 170 transactions at 47/s both read "3.6 s", and "3.6 s to 3.6 s" says nothing.
        String range = seconds(s.shortest()).equals(seconds(s.longest())) ? seconds(s.shortest())
                : seconds(s.shortest()) + " to " + seconds(s.longest());
        return switch (s.basis()) {
            case COMMIT_TIMES -> range + ", from the first to the last lost commit's time in the log";
            case TRANSACTION_RATE -> "about " + range + " of writes, at " + rate(loss.rate().orElseThrow().writesPerSecond()
                    .orElse(0)) + " transactions/s " + over(loss.rate().orElseThrow());
            case NOMINAL_LOAD -> "about " + range + " of writes, at "
                    + size(loss, loss.rate().orElseThrow().lsnPerSecond()) + "/s " + over(loss.rate().orElseThrow());
        };
    }

    /** The safer way out, or empty when no other replica holds more than the target. */
    public static java.util.Optional<String> alternative(ForceLoss loss) {
        String target = loss.prompt().request().target().id();
        return loss.alternative().map(a -> a.holdsEverything()
                ? "Decline, then run coordinated to " + a.nodeId() + ": it holds every write up to the frozen frontier"
                : "Decline, then consider " + a.nodeId() + ": it holds more than " + target + " ("
                  + loss.positions().amount(a.shortLsn()) + " short of the frontier instead of "
                  + loss.positions().amount(loss.prompt().skippedLsn()) + ")");
    }

    /** Every figure, one a line, for a terminal. */
    public static List<String> lines(ForceLoss loss) {
        List<String> out = new ArrayList<>();
        String writes = writes(loss);
        out.add(Character.toUpperCase(writes.charAt(0)) + writes.substring(1) + " (" + writesBasis(loss) + ")");
        out.add("Data lost: " + size(loss));
        out.add("Time of writes lost: " + time(loss));
        alternative(loss).ifPresent(a -> out.add("Safer: " + a));
        return out;
    }

    private static String over(WriteRate r) {
        return r.window().isZero() ? "(" + r.source() + ")"
                : "over the last " + Durations.format(Preflight.roughly(r.window())) + " before the freeze";
    }

    /** A rate's size: kB under a megabyte, so 150 kB/s does not read as 0.1 MB/s. */
    private static String size(ForceLoss loss, double lsnPerSecond) {
        long n = Math.round(lsnPerSecond);
        if (!loss.bytes()) {
            return loss.positions().amount(n);
        }
        return n < MB ? String.format(Locale.ROOT, "%.1f kB", n / 1024.0) : megabytes(n);
    }

    /**
     * The loss always in MB, the unit a DBA weighs it in, counted as PostgreSQL counts them (1 MB = 1,024 kB,
     * as {@code pg_size_pretty} and the positions' own sizes do): {@code 0.6 MB}, {@code 0.012 MB}.
     */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, bytes < MB / 10 ? "%.3f MB" : "%,.1f MB", bytes / (double) MB);
    }

    private static final long MB = 1024 * 1024;

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format(Locale.ROOT, "%,.1f s", d.toMillis() / 1e3);
    }

    private static String rate(double perSecond) {
        return perSecond >= 100 ? Positions.grouped(Math.round(perSecond))
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }
}
