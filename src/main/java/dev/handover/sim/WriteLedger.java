package dev.handover.sim;

import java.util.Arrays;

/**
 * The end LSN of every acknowledged write still on the current timeline, in order. That is enough
 * to count the acknowledged writes in any LSN range exactly. Writes below every node's durable
 * frontier can no longer be lost and are pruned, the way a primary recycles WAL no replica needs.
 */
final class WriteLedger {
    private long[] ends = new long[1024];
    private int head;
    private int size;
    private long lastLsn;

    WriteLedger(long startLsn) {
        this.lastLsn = startLsn;
    }

    long lastLsn() {
        return lastLsn;
    }

    /** Record a write of {@code bytes}; returns its end LSN. */
    long append(long bytes) {
        if (head + size == ends.length) {
            if (head > ends.length / 2) {
                System.arraycopy(ends, head, ends, 0, size);
            } else {
                ends = Arrays.copyOf(ends, ends.length * 2);
                System.arraycopy(ends, head, ends, 0, size);
            }
            head = 0;
        }
        lastLsn += bytes;
        ends[head + size++] = lastLsn;
        return lastLsn;
    }

    /** Acknowledged writes whose end LSN lies in {@code (afterLsn, uptoLsn]}. */
    long countIn(long afterLsn, long uptoLsn) {
        if (uptoLsn <= afterLsn) {
            return 0;
        }
        return firstAbove(uptoLsn) - firstAbove(afterLsn);
    }

    /** Drop writes ending above {@code lsn} (a forced handover discards them); returns how many. */
    long truncateAbove(long lsn) {
        int keep = firstAbove(lsn) - head;
        long dropped = size - keep;
        size = keep;
        lastLsn = Math.min(lastLsn, lsn);
        return dropped;
    }

    /** Forget writes ending at or below {@code lsn}: every node has them durably. */
    void pruneUpTo(long lsn) {
        int from = firstAbove(lsn);
        size -= from - head;
        head = from;
    }

    int retained() {
        return size;
    }

    private int firstAbove(long lsn) {
        int lo = head;
        int hi = head + size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= lsn) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
