package dev.handover.faultsim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The randomized fault simulation: thousands of seeded schedules (topology, load, replica speeds, mode,
 * deadline, poll, faults at random points, the operator's Abort and force answers), each run by the
 * real coordinator over the simulated cluster in virtual time, each checked by {@link InvariantChecker}.
 *
 * <p>{@code -Dhandover.seed=N} replays one schedule and prints it; {@code -Dhandover.schedules=N} sets
 * how many run (seeds 1..N, default 10,000).
 */
class FaultSimulationTest {
    static final int DEFAULT_SCHEDULES = 10_000;
    private static final int DETAILED_FAILURES = 5;

    /** One schedule's verdict. */
    record Verdict(long seed, int faults, List<String> violations) {
    }

    @Test
    void everyScheduleKeepsTheInvariants() throws Exception {
        String replay = System.getProperty("handover.seed", "").trim();
        List<Verdict> verdicts;
        if (!replay.isEmpty()) {
            long seed = parseSeed(replay);
            Schedule schedule = ScheduleGenerator.generate(seed);
            RunObservation o = ScheduleRunner.run(schedule);
            System.out.println("replaying " + schedule.describe() + Replay.describe(o));
            verdicts = List.of(new Verdict(seed, o.faultsInjected(), InvariantChecker.check(o)));
        } else {
            int count = Integer.getInteger("handover.schedules", DEFAULT_SCHEDULES);
            ForkJoinPool pool = new ForkJoinPool(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
            try {
                verdicts = pool.submit(() -> LongStream.rangeClosed(1, count).parallel()
                        .mapToObj(FaultSimulationTest::verdict).toList()).get();
            } finally {
                pool.shutdown();
            }
        }

        long faults = verdicts.stream().mapToLong(Verdict::faults).sum();
        long violations = verdicts.stream().mapToLong(x -> x.violations().size()).sum();
        List<Verdict> failed = verdicts.stream().filter(x -> !x.violations().isEmpty())
                .sorted(Comparator.comparingLong(Verdict::seed)).toList();
        for (int i = 0; i < failed.size() && i < DETAILED_FAILURES; i++) {
            Verdict f = failed.get(i);
            System.out.println("fault-simulation: VIOLATION in " + ScheduleGenerator.generate(f.seed()).describe()
                    + "  violations:\n    " + String.join("\n    ", f.violations())
                    + "\n  replay: mvn -q -B test -Dtest=FaultSimulationTest -Dhandover.seed=" + f.seed());
        }
        System.out.println("fault-simulation: " + verdicts.size() + " schedules, " + faults + " faults injected, "
                + violations + " violations");
        if (!failed.isEmpty()) {
            fail(failed.size() + " schedules broke an invariant; seeds: "
                    + failed.stream().limit(50).map(x -> Long.toString(x.seed())).toList()
                    + (failed.size() > 50 ? " …" : "") + "; replay one with -Dhandover.seed=N");
        }
    }

    static Verdict verdict(long seed) {
        try {
            RunObservation o = ScheduleRunner.run(ScheduleGenerator.generate(seed));
            return new Verdict(seed, o.faultsInjected(), InvariantChecker.check(o));
        } catch (Exception | AssertionError e) {
            // A schedule the harness cannot even play is a failure of its own, with its seed.
            List<String> v = new ArrayList<>();
            v.add("the schedule could not be played: " + e);
            return new Verdict(seed, 0, v);
        }
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dhandover.seed must be a whole number, got \"" + text + "\"", e);
        }
    }
}
