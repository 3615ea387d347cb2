package dev.handover.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A backend whose freeze outlives the process that set it (PostgreSQL): lifts the freeze a dead run
 * left behind, after checking on the cluster that the run committed nothing. Asked of a connection with
 * {@link ClusterConnection#staleFreezeRelease()}.
 */
public interface StaleFreezeRelease {

    /** Lifts {@code run}'s freeze on its old primary, or refuses and says what to check. */
    Result release(StaleRun run) throws ClusterException;

    /**
     * The run as its record says: the old primary it froze, under which term, and the target it was to promote.
     */
    record StaleRun(String primary, long term, String target) {
        public StaleRun {
            Objects.requireNonNull(primary, "primary");
            Objects.requireNonNull(target, "target");
        }
    }

    /** What a release did. */
    sealed interface Result {
        /** The freeze was lifted: {@code node} takes writes again. */
        record Released(String node, String detail) implements Result {
        }

        /** Nothing to lift: {@code node} already takes writes (resumed by hand, or by the freeze keeper). */
        record AlreadyWritable(String node, String detail) implements Result {
        }

        /** Left as it is: each reason names what to check before lifting anything by hand. */
        record Refused(List<String> reasons) implements Result {
            public Refused {
                reasons = List.copyOf(reasons);
            }
        }
    }
}
