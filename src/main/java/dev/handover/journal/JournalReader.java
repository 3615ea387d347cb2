package dev.handover.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a journal file back into runs. Every line is judged on its own: a line that is cut short,
 * not JSON, or missing what its kind needs becomes a {@link DamagedLine} naming the file and line,
 * and the lines around it still load.
 */
final class JournalReader {
    private JournalReader() {
    }

    static JournalContents read(JournalFile file) throws IOException {
        Map<String, RunLines> runs = new LinkedHashMap<>();
        Map<String, int[]> orphans = new LinkedHashMap<>(); // run id -> {first line, count}
        List<DamagedLine> damaged = new ArrayList<>();
        for (JournalFile.NumberedLine l : file.readLines()) {
            if (l.text().isBlank()) {
                continue;
            }
            JournalLine parsed;
            try {
                parsed = Json.MAPPER.readValue(l.text(), JournalLine.class);
            } catch (JsonProcessingException e) {
                damaged.add(new DamagedLine(file.path(), l.number(), describe(e, l)));
                continue;
            }
            Optional<String> problem = parsed == null ? Optional.of("not a journal line (JSON null)") : parsed.problem();
            if (problem.isPresent()) {
                damaged.add(new DamagedLine(file.path(), l.number(), problem.get() + "; skipped"));
                continue;
            }
            if (parsed instanceof JournalLine.Started s) {
                if (runs.containsKey(s.run())) {
                    damaged.add(new DamagedLine(file.path(), l.number(), "a second started line for run " + s.run()
                            + " (first on line " + runs.get(s.run()).line + "); skipped"));
                } else {
                    runs.put(s.run(), new RunLines(s, l.number()));
                }
                continue;
            }
            RunLines run = runs.get(parsed.run());
            if (run == null) {
                orphans.computeIfAbsent(parsed.run(), id -> new int[]{l.number(), 0})[1]++;
                continue;
            }
            run.add(parsed, l.number()).ifPresent(p -> damaged.add(new DamagedLine(file.path(), l.number(), p)));
        }
        orphans.forEach((id, at) -> damaged.add(new DamagedLine(file.path(), at[0], at[1] + " line(s) of run " + id
                + " whose started line is missing or damaged; skipped")));
        damaged.sort(java.util.Comparator.comparingInt(DamagedLine::line));
        return new JournalContents(file.path(), runs.values().stream().map(RunLines::toRun).toList(), damaged);
    }

    private static String describe(JsonProcessingException e, JournalFile.NumberedLine l) {
        if (!l.complete()) {
            return "truncated: the last line stops mid-record without a line end (its writer stopped while "
                   + "writing it, or is writing it right now); skipped";
        }
        if (e instanceof MismatchedInputException && !l.text().strip().startsWith("{")) {
            // A list or a bare value is JSON but no record; Jackson would read a list's first item as the kind.
            return "not a journal record (expected a JSON object with a \"kind\": started, event, intent, finished "
                    + "or acknowledged); skipped";
        }
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null ? "no \"kind\" (started, event, intent, finished, acknowledged); skipped"
                    : "unknown kind \"" + t.getTypeId() + "\"; skipped";
        }
        String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int cut = why.indexOf('\n');
        why = cut >= 0 ? why.substring(0, cut) : why;
        // Jackson appends its own source dump; the line number is already ours to give.
        cut = why.indexOf(" (start marker at");
        why = cut >= 0 ? why.substring(0, cut) : why;
        if (why.length() > 160) {
            why = why.substring(0, 160) + "…";
        }
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        return "not a readable journal line" + where + " (" + why + "); skipped";
    }

    /** The lines of one run, gathered in file order. */
    private static final class RunLines {
        final JournalLine.Started started;
        final int line;
        final List<EventEntry> events = new ArrayList<>();
        final List<JournaledStep> steps = new ArrayList<>();
        boolean freezeIntent;
        boolean commitIntent;
        RunReport finished;
        Acknowledgement acknowledged;

        RunLines(JournalLine.Started started, int line) {
            this.started = started;
            this.line = line;
        }

        /** Adds a line; returns a problem when the line does not fit the run. */
        Optional<String> add(JournalLine l, int number) {
            if (l instanceof JournalLine.Acknowledged a) {
                if (acknowledged == null) {
                    acknowledged = new Acknowledgement(a.operator(), a.at(), a.note());
                }
                return Optional.empty();
            }
            // A repair of a finished run (outcome unknown) journals its steps under the run, after its finished line.
            boolean repairStep = l instanceof JournalLine.Event e && e.event().stepAroundCluster()
                    || l instanceof JournalLine.Intent i && i.stepAroundCluster();
            if (finished != null && !repairStep) {
                return Optional.of("a line of run " + started.run() + " after its finished line; skipped");
            }
            if (l instanceof JournalLine.Event e && e.event().stepAroundCluster()) {
                EventEntry s = e.event();
                if (s.step() == null || s.subject() == null) {
                    return Optional.of("a step event of run " + started.run() + " without its \"step\" and \"subject\"; skipped");
                }
                steps.add(new JournaledStep(e.at(), s.step(), s.subject(), s.kind() == EventType.STEP_DONE
                        ? JournaledStep.Phase.DONE : JournaledStep.Phase.FAILED, s.message()));
            } else if (l instanceof JournalLine.Event e) {
                events.add(e.event());
            } else if (l instanceof JournalLine.Intent i && i.stepAroundCluster()) {
                steps.add(new JournaledStep(i.at(), i.step(), i.subject(), JournaledStep.Phase.INTENT, null));
            } else if (l instanceof JournalLine.Intent i) {
                freezeIntent |= JournalLine.Intent.FREEZE.equals(i.step());
                commitIntent |= JournalLine.Intent.COMMIT.equals(i.step());
            } else if (l instanceof JournalLine.Finished f) {
                finished = f.report();
            }
            return Optional.empty();
        }

        JournaledRun toRun() {
            RunReport report = finished != null ? finished : rebuilt();
            boolean frozen = freezeIntent || report.events().stream().anyMatch(e -> e.kind() == EventType.FROZEN);
            boolean commit = commitIntent || report.events().stream()
                    .map(EventEntry::kind).anyMatch(t -> t == EventType.COMMITTED || t == EventType.OUTCOME_UNKNOWN
                            || t == EventType.COMMIT_STEP); // a step of the commit: it had begun
            return new JournaledRun(started.run(), line, report, finished != null, frozen, commit,
                    Optional.ofNullable(acknowledged), steps);
        }

        /** The report of a run that never finished, from what reached the journal. */
        private RunReport rebuilt() {
            RunRecorder recorder = new RunRecorder();
            for (EventEntry e : events) {
                EventReader.toEvent(e, started.request()).ifPresent(recorder::on);
            }
            return recorder.report(started.info(), started.request(), Optional.empty(), started.candidates());
        }
    }
}
