package dev.handover.journal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which readings a record keeps: few, and every one that shaped the run. */
class PollThinningTest {
    private static final long FRONTIER = 10_000;

    private static EventEntry poll(long atMs, long reached) {
        return new EventEntry(atMs, "polled", FRONTIER, reached, null, null, null, null, null, null, null, null);
    }

    private static EventEntry event(long atMs, String type) {
        return new EventEntry(atMs, type, FRONTIER, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void keepsTheFirstTheBendsTheLastBeforeADecisionAndCountsTheRest() {
        List<EventEntry> run = new ArrayList<>();
        run.add(event(0, "frozen"));
        // 2 s flat at 0 (a stall), then a climb of 10 LSN every 10 ms to 9,000: 100 + 90 readings... and more.
        long t = 10;
        for (int i = 0; i < 200; i++, t += 10) {
            run.add(poll(t, 0));
        }
        long reached = 0;
        for (int i = 0; i < 900; i++, t += 10) {
            reached += 10;
            run.add(poll(t, reached));
        }
        long lastPollAt = t - 10;
        long end = t;
        run.add(event(t, "awaiting-approval"));
        run.add(poll(t + 10, reached));
        run.add(event(t + 20, "aborted"));

        List<EventEntry> kept = PollThinning.thin(run, 60_000);
        List<EventEntry> polls = kept.stream().filter(e -> e.type().equals("polled")).toList();

        assertEquals(1101, polls.stream().mapToLong(EventEntry::readingCount).sum(), "every reading counted");
        assertTrue(polls.size() < 120, polls.size() + " kept");
        assertEquals(10, polls.get(0).atMs(), "the first");
        assertTrue(polls.stream().anyMatch(p -> p.atMs() == 2000 && p.reachedLsn() == 0), "the end of the stall, where it bends");
        assertTrue(polls.stream().anyMatch(p -> p.atMs() == lastPollAt), "the last reading before the prompt");
        assertTrue(polls.stream().anyMatch(p -> p.atMs() == end + 10), "the first (and last) after the decision");
        assertEquals(List.of("frozen", "awaiting-approval", "aborted"), kept.stream().map(EventEntry::type)
                .filter(ty -> !ty.equals("polled")).toList(), "every other event");
        // A flat stretch keeps one a second.
        assertTrue(polls.stream().filter(p -> p.atMs() <= 2000).count() <= 4, polls.toString());
    }

    @Test
    void aReadingThatCaughtUpIsKept() {
        List<EventEntry> kept = PollThinning.thin(List.of(event(0, "frozen"), poll(10, 0), poll(20, 50),
                poll(30, FRONTIER)), 60_000);
        assertEquals(List.of(10L, 30L), kept.stream().filter(e -> e.type().equals("polled")).map(EventEntry::atMs).toList());
        assertEquals(2, kept.get(2).readingCount());
    }

    @Test
    void everyReadingFromTheDeadlineOnIsKept() {
        // A run that dies after its deadline reading must read as past the deadline (recovery: a force commits next).
        PollThinning t = new PollThinning(1_000);
        t.offer(event(0, "frozen"));
        t.offer(poll(10, 0));
        assertEquals(List.of(), t.offer(poll(990, 0)), "a flat reading before the deadline waits");
        List<EventEntry> atDeadline = t.offer(poll(1_000, 0));
        assertEquals(1, atDeadline.size());
        assertEquals(1_000, atDeadline.get(0).atMs());
    }
}
