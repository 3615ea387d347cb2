package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link ForceLoss} in the words the console's force dialog and the CLI both print, so the operator reads
 * the same figures wherever the question comes: acknowledged writes first, then size, then time.
 */
public final class ForceLossText {
    private ForceLossText() {
    }

    /** {@code 1,014 acknowledged writes will be lost}, or {@code about 1,000 ...}, or that it is not known. */
    public static String writes(ForceLoss loss) {
        ForceLoss.LostWrites w = loss.writes();
        if (w instanceof ForceLoss.Counted c) {
            return Positions.grouped(c.count()) + " acknowledged " + plural(c.count(), "write") + " will be lost";
        }
        if (w instanceof ForceLoss.Estimated e) {
            return "about " + Positions.grouped(e.count()) + " acknowledged " + plural(e.count(), "write")
                    + " will be lost";
        }
        return "an unknown number of acknowledged writes will be lost";
    }

    /** How the writes figure was made: counted, or estimated from which rate over which window. */
    public static String writesBasis(ForceLoss loss) {
        ForceLoss.LostWrites w = loss.writes();
        if (w instanceof ForceLoss.Counted) {
            return "counted by the cluster";
        }
        if (w instanceof ForceLoss.Estimated e) {
            return "estimated from the write rate " + over(e.from()) + ": " + rate(e.from().writesPerSecond().orElse(0))
                    + " writes/s at " + size(loss, e.from().lsnPerSecond()) + "/s (" + e.from().source() + ")";
        }
        return "not known: " + ((ForceLoss.Unknown) w).why();
    }

    /** {@code 3.9 MB (4,108,463 bytes)} where positions count bytes; the cluster's own distance otherwise. */
    public static String size(ForceLoss loss) {
        long skipped = loss.prompt().skippedLsn();
        return loss.bytes() ? megabytes(skipped) + " (" + Positions.grouped(skipped) + " bytes)"
                : loss.positions().amount(skipped);
    }

    /** {@code about 27.4 s of writes, at 150 kB/s before the freeze}, or why it is not known. */
    public static String time(ForceLoss loss) {
        return loss.writeTime()
                .map(t -> "about " + seconds(t) + " of writes, at " + size(loss, loss.rate().orElseThrow().lsnPerSecond())
                        + "/s " + over(loss.rate().orElseThrow()))
                .orElse("not known: no write rate was read before the freeze");
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

    private static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}
