package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.StaleFreezeRelease.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.Who;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Lifting the freeze a dead run left on its old primary, for {@code recover --release} and the console's recovery
 * prompt alike: the engine lifts it only when the cluster shows nothing was committed, and the run is acknowledged in
 * the journal only when writes flow again (lifted now, or found already lifted).
 */
public final class FreezeLift {
    private FreezeLift() {
    }

    /** How a lift went. */
    public sealed interface Lifted {
        /**
         * Writes flow on the old primary: the freeze was lifted now, or had been already ({@code wasFrozen} false).
         * Acknowledged in the journal, unless {@code notRecorded} says why it could not be (then by hand).
         */
        record WritesFlow(boolean wasFrozen, String detail, Optional<IOException> notRecorded) implements Lifted {
        }

        /** Left as it is: the cluster does not show that nothing was committed; each reason names what to check. */
        record Left(List<String> reasons) implements Lifted {
        }

        /** This engine cannot lift a freeze from here: resume by hand. */
        record NotHere() implements Lifted {
        }
    }

    /**
     * Lift {@code run}'s freeze on {@code cluster}; acknowledge {@code runId} in {@code journal} when writes flow.
     *
     * @param where who acknowledges, for the journal's note ("recover --release", "the console's recovery prompt")
     */
    public static Lifted lift(ClusterConnection cluster, StaleFreezeRelease.StaleRun run, Optional<Journal> journal,
                              String runId, String where) throws ClusterException {
        Optional<StaleFreezeRelease> release = cluster.staleFreezeRelease();
        if (release.isEmpty()) {
            return new Lifted.NotHere();
        }
        Result result = release.get().release(run);
        if (result instanceof Result.Refused refused) {
            return new Lifted.Left(refused.reasons());
        }
        boolean wasFrozen = result instanceof Result.Released;
        String detail = wasFrozen ? ((Result.Released) result).detail() : ((Result.AlreadyWritable) result).detail();
        Optional<IOException> notRecorded = Optional.empty();
        if (journal.isPresent()) {
            try {
                journal.get().acknowledge(runId, Who.operator(), note(where, wasFrozen, detail));
            } catch (IOException e) {
                notRecorded = Optional.of(e);
            }
        }
        return new Lifted.WritesFlow(wasFrozen, detail, notRecorded);
    }

    /** The journal's note: who, whether a freeze was lifted or found lifted, and what the cluster showed. */
    public static String note(String where, boolean wasFrozen, String detail) {
        return (wasFrozen ? "stale freeze released by " : "writes found already resumed by ") + where + ": " + detail;
    }
}
