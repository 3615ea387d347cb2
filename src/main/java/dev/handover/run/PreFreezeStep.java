package dev.handover.run;

/**
 * A wait before anything is frozen that a person would otherwise sit through in silence, said as it begins: the
 * front end shows its {@link #text()} (the CLI prints it, the console can log it).
 */
public sealed interface PreFreezeStep {
    /** One line, e.g. {@code sampling the write rate on pg1 for the force prompt's figures…}. */
    String text();

    /** A force run reads the primary's write rate (a few seconds on a real cluster) to put a loss in seconds of writes. */
    record SamplingWriteRate(String primary) implements PreFreezeStep {
        @Override
        public String text() {
            return "sampling the write rate on " + primary + " for the force prompt's figures…";
        }
    }

    /** The transport is taken: the run lock, the primary checked again, the poolers (PgBouncer) read. */
    record TakingTheCluster(String primary, String target) implements PreFreezeStep {
        @Override
        public String text() {
            return "taking the run lock and checking " + primary + ", " + target + " and any poolers before the freeze…";
        }
    }

    /** The operator's pre-switchover hooks run; any failure vetoes the run. */
    record CallingHooks(int commands) implements PreFreezeStep {
        @Override
        public String text() {
            return "calling " + commands + " pre-switchover hook(s)…";
        }
    }
}
