package dev.handover.postgres;

import dev.handover.cluster.AfterRun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Steps taken, each timed since the commit began (to the millisecond), so slow steps show in the
 * outcome. A list of texts to whoever adds to it ({@link PgFollow}, alongside the promotion too);
 * typed steps to the report, so no time is read back out of a text.
 */
final class PgCommitSteps extends java.util.AbstractList<String> {
    private final long start = System.nanoTime();
    private final List<AfterRun.Step> steps = new ArrayList<>();
    private final Consumer<String> live;

    PgCommitSteps(Consumer<String> live) {
        this.live = live;
    }

    @Override
    public boolean add(String step) {
        synchronized (this) {
            steps.add(new AfterRun.Step(Optional.of(Duration.ofMillis((System.nanoTime() - start) / 1_000_000)), step));
        }
        PgCommit.say(live, step); // outside the lock: a slow reader never holds up another thread's step
        return true;
    }

    @Override
    public synchronized String get(int i) {
        return PgCommitReport.stamped(steps.get(i));
    }

    @Override
    public synchronized int size() {
        return steps.size();
    }

    synchronized List<AfterRun.Step> steps() {
        return List.copyOf(steps);
    }
}
