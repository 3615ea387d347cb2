package dev.handover.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Which poll readings a run's record keeps. A 10 ms poll loop reads the target 100 times a second; one
 * 44 s catch-up wrote 4,400 poll lines and the same 4,400 again in the report, 1.1 MB of journal. The record
 * keeps a reading when the target moved at least {@value #STEPS}th of the gap it started the run with since
 * the last one kept, or a second has passed (a flat stretch), and always: the first reading and the first
 * after any decision, one that caught up, every one at or past the deadline (a run that dies there must
 * read as past it: a force without a prompt commits next), the last one before each decision (the prompt,
 * the commit, the abort), and the last of a flat stretch before the value moves again, so a replayed chart
 * bends where the live one did. A process that dies mid-wait loses at most the readings of the last
 * second from its event lines. That is at most about {@value #STEPS} readings plus one a second, whatever the poll interval.
 * A kept reading says how many it stands for ({@link EventEntry#readings()}). Every other event is
 * kept. The live chart and the coordinator see every reading; only the record is thinned. Feed it one run's
 * entries in order.
 */
public final class PollThinning {
    /** The gap in this many steps: a replayed chart of a few hundred pixels draws it as the live one did. */
    static final long STEPS = 100;
    static final long FLAT_EVERY_MS = 1_000;

    private final long deadlineMs;
    private EventEntry lastKept;
    /** The latest reading left out since {@link #lastKept}: written if a decision or a bend follows it. */
    private EventEntry held;
    /** Readings left out since the last kept one, {@link #held} included. */
    private long left;
    /** What counts as moved: the first reading's distance to the frontier over {@link #STEPS}; 0 until then. */
    private long step;

    /** @param deadlineMs the run's deadline (or force timeout): readings from then on are all kept */
    public PollThinning(long deadlineMs) {
        this.deadlineMs = deadlineMs;
    }

    /** The entries to record now for {@code e}, in order: none, {@code e}, or a held reading and then {@code e}. */
    public List<EventEntry> offer(EventEntry e) {
        List<EventEntry> out = new ArrayList<>(2);
        if (e.kind() != EventType.POLLED) {
            release(out);
            out.add(e);
            lastKept = null; // the first reading after a decision is kept
            return out;
        }
        if (step == 0 && e.reachedLsn() != null && e.frontierLsn() != null) {
            step = Math.max(1, (e.frontierLsn() - e.reachedLsn()) / STEPS);
        }
        if (lastKept == null || caughtUp(e) || e.atMs() >= deadlineMs || due(e)) {
            if (held != null && lastKept != null && same(held, lastKept) && !same(e, held)) {
                release(out); // the end of a flat stretch: where the line bends
            }
            out.add(e.standingFor(left + 1));
            lastKept = e;
            held = null;
            left = 0;
        } else {
            held = e;
            left++;
        }
        return out;
    }

    /** What is still held back, e.g. at the end of a run that never decided anything (it died mid-wait). */
    public List<EventEntry> rest() {
        List<EventEntry> out = new ArrayList<>(1);
        release(out);
        return out;
    }

    /** {@code entries} (one run's, in order) as the record keeps them. */
    public static List<EventEntry> thin(List<EventEntry> entries, long deadlineMs) {
        PollThinning t = new PollThinning(deadlineMs);
        List<EventEntry> out = new ArrayList<>();
        for (EventEntry e : entries) {
            out.addAll(t.offer(e));
        }
        out.addAll(t.rest());
        return out;
    }

    private void release(List<EventEntry> out) {
        if (held != null) {
            out.add(held.standingFor(left));
            lastKept = held;
            held = null;
            left = 0;
        }
    }

    private boolean due(EventEntry e) {
        if (e.atMs() - lastKept.atMs() >= FLAT_EVERY_MS) {
            return true;
        }
        long was = lastKept.reachedLsn() == null ? 0 : lastKept.reachedLsn();
        long now = e.reachedLsn() == null ? 0 : e.reachedLsn();
        return Math.abs(now - was) >= Math.max(1, step);
    }

    private static boolean caughtUp(EventEntry e) {
        return e.reachedLsn() != null && e.frontierLsn() != null && e.reachedLsn() >= e.frontierLsn();
    }

    private static boolean same(EventEntry a, EventEntry b) {
        return java.util.Objects.equals(a.reachedLsn(), b.reachedLsn());
    }
}
