package dev.handover.testing;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared wait says what it last read when it times out, and keeps reading past a read that throws. */
class AwaitTest {
    @Test
    void aTimeoutSaysWhatWasAwaitedAndTheLastValueRead() {
        AtomicInteger reads = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("ten rows", Duration.ofMillis(50), reads::incrementAndGet, n -> n < 0));
        assertTrue(e.getMessage().startsWith("timed out after 0."), e.getMessage());
        assertTrue(e.getMessage().contains("waiting for ten rows (" + reads.get() + " reads); last read: " + reads.get()),
                e.getMessage());
    }

    @Test
    void aReadThatThrowsIsReadAgainAndATimeoutNamesWhatItThrew() {
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("pg1 answering", Duration.ofMillis(30),
                () -> {
                    throw new SQLException("Connection refused");
                }, x -> true));
        assertTrue(e.getMessage().endsWith("last read: the read threw java.sql.SQLException: Connection refused"), e.getMessage());
        assertInstanceOf(SQLException.class, e.getCause());

        AtomicInteger tries = new AtomicInteger();
        assertEquals("up", Await.until("a server that answers on the third try", Duration.ofSeconds(5), () -> {
            if (tries.incrementAndGet() < 3) {
                throw new SQLException("not yet");
            }
            return "up";
        }, "up"::equals));
    }

    @Test
    void aYesNoCheckCarriesWhatItSawInstead() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("pg1 writable", Duration.ofMillis(30), () -> false, () -> "read-only"));
        assertTrue(e.getMessage().endsWith("last read: read-only"), e.getMessage());
    }

    @Test
    void upToReportsWithoutFailingAndALongReadingKeepsItsEnd() {
        String journal = "x".repeat(10_000) + "the end";
        Await.Seen<String> seen = Await.upTo(Duration.ofMillis(20), () -> journal, j -> false);
        assertFalse(seen.met());
        assertTrue(seen.lastRead().endsWith("the end"));
        assertTrue(seen.lastRead().length() <= Await.LONGEST + 1);
    }

    @Test
    void anAssertionInsideTheReadEndsTheWaitAtOnce() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("a run", Duration.ofSeconds(30), () -> {
            throw new AssertionError("handover run exited early (1)");
        }, x -> true));
        assertEquals("handover run exited early (1)", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }
}
