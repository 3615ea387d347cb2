package dev.handover.faultsim;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The replay promise behind {@code -Dhandover.seed=N}: a seed gives the same schedule and the same run, every time. */
class ScheduleReplayTest {

    @Test
    void aSeedReplaysExactly() throws Exception {
        for (long seed = 1; seed <= 100; seed++) {
            Schedule schedule = ScheduleGenerator.generate(seed);
            assertEquals(schedule, ScheduleGenerator.generate(seed));
            RunObservation first = ScheduleRunner.run(schedule);
            RunObservation again = ScheduleRunner.run(ScheduleGenerator.generate(seed));
            String what = schedule.describe();
            assertEquals(first.events(), again.events(), what);
            assertEquals(first.outcome(), again.outcome(), what);
            assertEquals(message(first.thrown()), message(again.thrown()), what);
            assertEquals(first.invariants(), again.invariants(), what);
            assertEquals(first.after(), again.after(), what);
            assertEquals(first.faultsInjected(), again.faultsInjected(), what);
            assertEquals(InvariantChecker.check(first), InvariantChecker.check(again), what);
        }
    }

    private static Optional<String> message(Optional<Throwable> t) {
        return t.map(e -> e.getClass().getName() + ": " + e.getMessage());
    }
}
