package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.cluster.Backends;
import dev.handover.journal.DamagedLine;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import dev.handover.training.DebriefText;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code history [--journal DIR] [--export <run id> <file>] [--show <run id>]}: the recorded runs, one a
 * row, and the journal lines that could not be read (on stderr, naming file and line); or one run written
 * out as JSON; or one run's timeline and debrief.
 */
final class HistoryCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> HEADER = List.of("STARTED", "RUN", "CLUSTER", "TARGET", "MODE", "RESULT", "LOST", "SKIPPED");
    private static final List<String> WITH_WHY = List.of("STARTED", "RUN", "CLUSTER", "TARGET", "MODE", "BY", "WHY", "RESULT",
            "LOST", "SKIPPED");
    /** How much of a reason the list shows; {@code history --show} gives it whole. */
    private static final int WHY_WIDTH = 40;

    private HistoryCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Backends backends)
            throws BadInput {
        List<String> rest = new ArrayList<>(argv);
        String exportId = null;
        String exportFile = null;
        int at = rest.indexOf("--export");
        if (at >= 0) {
            if (at + 2 >= rest.size() || rest.get(at + 1).startsWith("--") || rest.get(at + 2).startsWith("--")) {
                throw new BadInput("history: --export needs a run id and a file, e.g. --export 20261126-064239-3fa2c1 run.json");
            }
            exportId = rest.get(at + 1);
            exportFile = rest.get(at + 2);
            rest.subList(at, at + 3).clear();
        }
        Args a = Args.parse("history", rest, Set.of("journal", "show"));
        Journal journal = JournalOption.open("history", a.get("journal"), defaultJournal);
        if (exportId != null && a.get("show").isPresent()) {
            throw new BadInput("history: give either --export or --show, not both");
        }
        if (exportId != null) {
            return export(journal, exportId, exportFile, out);
        }
        if (a.get("show").isPresent()) {
            return show(journal, a.required("show"), out, backends);
        }
        JournalContents contents;
        try {
            contents = journal.load();
        } catch (IOException e) {
            throw new BadInput("history: cannot read the journal " + journal.file() + ": " + IoText.why(e));
        }
        for (DamagedLine d : contents.damaged()) {
            err.println("handover: damaged journal line " + d.message());
        }
        // A damaged journal is bad input (exit 1), but everything still readable is listed first.
        ExitCode code = contents.damaged().isEmpty() ? ExitCode.OK : ExitCode.BAD_INPUT;
        if (contents.runs().isEmpty()) {
            out.println("No runs recorded in " + journal.file() + ".");
            return code;
        }
        out.println("Journal " + journal.file());
        List<List<String>> rows = new ArrayList<>();
        // Who asked and why are listed once any run says why; a journal from before --reason lists as it did.
        boolean why = contents.runs().stream().anyMatch(r -> r.report().run().requester().why().isPresent());
        rows.add(why ? WITH_WHY : HEADER);
        for (JournaledRun r : contents.runs()) {
            RunReport.RunInfo who = r.report().run();
            List<String> row = new ArrayList<>(List.of(who.startedAt() == null ? "?" : TIME.format(who.startedAt()), r.id(),
                    r.cluster(), r.target(), r.mode()));
            if (why) {
                row.add(who.requester().operator());
                row.add(who.requester().why().map(HistoryCommand::cell).orElse("-"));
            }
            row.addAll(List.of(result(r), r.lost().cell(), skipped(r, backends)));
            rows.add(row);
        }
        out.print(Table.render(rows));
        long unfinished = contents.unfinished().size();
        long degraded = contents.runs().stream().filter(r -> r.degraded() && r.acknowledged().isEmpty()).count();
        out.println(contents.runs().size() + (contents.runs().size() == 1 ? " run" : " runs")
                + (unfinished == 0 ? "" : "; " + unfinished + " unfinished: see `handover recover`")
                + (degraded == 0 ? "" : "; " + degraded + " committed with the topology DEGRADED: see `handover recover`")
                + (contents.damaged().isEmpty() ? "" : "; " + contents.damaged().size() + " damaged line(s) skipped")
                + ".");
        return code;
    }

    private static String cell(String why) {
        return why.length() <= WHY_WIDTH ? why : why.substring(0, WHY_WIDTH - 1) + "…";
    }

    /** What a handover skipped; not known for a run whose outcome is not (never a 0 that reads as nothing lost). */
    private static String skipped(JournaledRun r, Backends backends) {
        if (!r.finished()) {
            return "-";
        }
        if (r.lost().figure().equals(LostInfo.UNKNOWN) && r.result() != Result.FORCED) {
            return LostInfo.UNKNOWN;
        }
        return backends.positionsOf(r.cluster()).amount(r.report().lost().map(LossInfo::skippedPositions)
                .orElse(r.skippedLsn()));
    }

    private static String result(JournaledRun r) {
        // A forced run lost acknowledged writes: said as data loss, as loud as the rest of the CLI's alarms.
        String head = r.result() == Result.FORCED ? r.result() + ", DATA LOST" : r.result().wire();
        if (r.degraded()) {
            return head + ", TOPOLOGY DEGRADED" + (r.acknowledged().isPresent() ? " (acknowledged)" : "");
        }
        if (r.finished()) {
            return head + (r.report().outcome().topology() == null ? "" : ", topology " + r.report().outcome().topology());
        }
        return r.acknowledged().isPresent() ? "unfinished (acknowledged)" : "UNFINISHED";
    }

    private static ExitCode show(Journal journal, String id, PrintStream out, Backends backends) throws BadInput {
        JournaledRun run;
        try {
            run = journal.find(id);
        } catch (IllegalArgumentException e) {
            throw new BadInput("history: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInput("history: cannot read the journal " + journal.file() + ": " + IoText.why(e));
        }
        RunReport.RunInfo who = run.report().run();
        RunReport.RequestInfo q = run.report().request();
        out.println("Run " + run.id() + " on " + run.cluster() + ", started "
                + (who.startedAt() == null ? "?" : TIME.format(who.startedAt())) + " by " + who.operator() + ": "
                + q.oldPrimary() + " -> " + q.target() + ", " + q.mode() + ", deadline " + q.deadlineMs() + "ms"
                + (run.finished() ? "" : " (UNFINISHED: see `handover recover`)"));
        who.requester().ticket().ifPresent(t -> out.println("Ticket: " + t));
        who.requester().reason().ifPresent(r -> out.println("Reason: " + r));
        String message = run.report().outcome().message();
        out.println("Result: " + result(run) + (message == null || message.isBlank() ? "" : ": " + message));
        out.println("Lost: " + run.lost().text());
        run.report().lost().ifPresent(l -> {
            out.println("Skipped: " + backends.positionsOf(run.cluster()).amount(l.skippedPositions()));
            if (l.atPrompt() != null && !l.atPrompt().equals(l.lostTransactions())) {
                out.println("At the force prompt: " + l.atPrompt().text());
            }
        });
        run.report().verified().ifPresent(v -> RunPrinter.verificationLines(v).forEach(out::println));
        DebriefText.lines(Debrief.of(run.report(), backends.positionsOf(run.cluster()))).forEach(out::println);
        return ExitCode.OK;
    }

    private static ExitCode export(Journal journal, String id, String fileText, PrintStream out) throws BadInput {
        Path file = OutputFile.of("history: --export file", fileText);
        try {
            journal.export(id, file);
        } catch (IllegalArgumentException e) {
            throw new BadInput("history: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInput("history: cannot export run " + id + " to " + file + ": " + IoText.why(e));
        }
        out.println("Run " + id + " written to " + file);
        return ExitCode.OK;
    }
}
