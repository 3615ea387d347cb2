package dev.handover.cli;

import dev.handover.journal.ScheduleBook;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A run held until its time: written in the schedule book first, then waited for, checking the book twice a
 * second so a {@code handover cancel} from anywhere stops it. A process stopped while waiting (Ctrl-C, kill)
 * marks its schedule cancelled on the way out, so the book never shows a schedule nobody will fire.
 */
final class ScheduledStart {
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private ScheduledStart() {
    }

    /** How the wait ended. */
    enum End { FIRE, CANCELLED }

    /**
     * Waits for {@code fireAt}, or until the schedule is cancelled. On {@link End#FIRE} the shutdown hook is gone and
     * the caller re-checks the cluster and records {@code fired} or {@code refused}.
     */
    static End await(ScheduleBook book, ScheduleBook.Entry scheduled, PrintStream out) throws IOException {
        Thread onStop = new Thread(() -> {
            try {
                if (book.find(scheduled.id()).map(ScheduleBook.Schedule::pending).orElse(false)) {
                    book.end(scheduled.id(), ScheduleBook.Entry.CANCELLED, "the waiting handover process was stopped");
                }
            } catch (IOException e) {
                // the process is going; the book then still shows it pending, which `handover cancel` can end
            }
        }, "schedule-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        try {
            while (Instant.now().isBefore(scheduled.fireAt())) {
                Optional<ScheduleBook.Entry> ended = book.find(scheduled.id()).flatMap(ScheduleBook.Schedule::ended);
                if (ended.isPresent()) {
                    out.println("CANCELLED by " + ended.get().operator() + " at " + ended.get().at() + ": nothing was run.");
                    return End.CANCELLED;
                }
                Duration left = Duration.between(Instant.now(), scheduled.fireAt());
                LockSupport.parkNanos(Math.max(0, Math.min(left.toNanos(), CHECK_EVERY.toNanos())));
            }
            return End.FIRE;
        } finally {
            Runtime.getRuntime().removeShutdownHook(onStop);
        }
    }
}
