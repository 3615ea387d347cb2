package dev.handover.cli;

import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code cancel [ID]}: a scheduled run cancelled before it fires (its waiting process stops within a second);
 * without an id, the schedules still waiting.
 */
final class CancelCommand {
    private CancelCommand() {
    }

    /**
     * A waiting process records {@code fired} or {@code refused} within seconds of its time; a schedule still open
     * well past it lost its process (killed, the machine restarted) and will never fire.
     */
    static final Duration OVERDUE_AFTER = Duration.ofMinutes(2);

    private static String overdue(ScheduleBook.Schedule s, Instant now) {
        Duration late = Duration.between(s.scheduled().fireAt(), now);
        return late.compareTo(OVERDUE_AFTER) < 0 ? "" : "\n    OVERDUE by " + RecordedPlan.ago(late) + ": no firing was recorded, so "
                + "its waiting process most likely died and it will not fire; `handover cancel " + s.scheduled().id()
                + "` closes it";
    }

    static ExitCode run(List<String> argv, PrintStream out, Path defaultJournal) throws BadInput {
        List<String> ids = argv.stream().takeWhile(a -> !a.startsWith("--")).toList();
        Args a = Args.parse("cancel", argv.subList(ids.size(), argv.size()), Set.of("journal"));
        Journal journal = JournalOption.open("cancel", a.get("journal"), defaultJournal);
        ScheduleBook book = ScheduleBook.of(journal);
        try {
            if (ids.isEmpty()) {
                List<ScheduleBook.Schedule> pending = book.load().stream().filter(ScheduleBook.Schedule::pending).toList();
                if (pending.isEmpty()) {
                    out.println("No scheduled run is waiting (" + book.file() + ").");
                }
                Instant now = Instant.now();
                pending.forEach(s -> out.println(s.scheduled().id() + "  fires " + s.scheduled().fireAt() + "  "
                        + s.scheduled().cluster() + ": " + s.scheduled().primary() + " -> " + s.scheduled().target() + ", "
                        + s.scheduled().mode() + ", scheduled by " + s.scheduled().operator() + overdue(s, now)));
                return ExitCode.OK;
            }
            if (ids.size() > 1) {
                throw new BadInput("cancel: one schedule at a time, got " + String.join(" ", ids));
            }
            String id = ids.get(0);
            ScheduleBook.Schedule s = book.find(id).orElseThrow(() -> new BadInput("cancel: no schedule " + id + " in "
                    + book.file() + " (`handover cancel --journal " + journal.directory() + "` lists those waiting)"));
            if (!s.pending()) {
                ScheduleBook.Entry e = s.ended().orElseThrow();
                throw new BadInput("cancel: " + id + " was already " + e.kind() + " at " + e.at()
                        + (e.note() == null ? "" : " (" + e.note() + ")"));
            }
            book.end(id, ScheduleBook.Entry.CANCELLED, "cancelled with handover cancel");
            out.println("Cancelled " + id + " (" + s.scheduled().primary() + " -> " + s.scheduled().target() + " at "
                    + s.scheduled().fireAt() + "); a process waiting on it stops within a second.");
            return ExitCode.OK;
        } catch (IOException e) {
            throw new BadInput("cancel: cannot read or write " + book.file() + " (" + IoText.why(e) + ")");
        }
    }
}
