package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scheduled switchovers, in their own append-only file ({@value #FILE_NAME}) beside the journal: a line when
 * one is scheduled, then one when it is cancelled, fires, or is refused at firing because the cluster changed.
 * A waiting run reads it to see a cancel made from anywhere ({@code handover cancel}, another terminal); the
 * run it fires is recorded in the journal as every run is.
 */
public final class ScheduleBook {
    public static final String FILE_NAME = "schedules.jsonl";

    private final JournalFile file;

    private ScheduleBook(Path directory) {
        this.file = new JournalFile(directory.resolve(FILE_NAME));
    }

    /** The book beside {@code journal}. */
    public static ScheduleBook of(Journal journal) {
        return new ScheduleBook(journal.directory());
    }

    public Path file() {
        return file.path();
    }

    /**
     * What was asked to run when: the plan as it was checked, who asked ({@code operator}) and why ({@code reason},
     * {@code ticket}: on a scheduled line, absent when not given and in older books).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String id, String kind, Instant at, Instant fireAt, String cluster, String primary, Long term,
                        String target, String mode, String operator, String note, String reason, String ticket) {
        public static final String SCHEDULED = "scheduled";
        public static final String CANCELLED = "cancelled";
        public static final String FIRED = "fired";
        public static final String REFUSED = "refused";
    }

    /** A schedule and what became of it so far. */
    public record Schedule(Entry scheduled, Optional<Entry> ended) {
        public boolean pending() {
            return ended.isEmpty();
        }
    }

    /** Schedules a run asked for by this workstation's operator, with no reason or ticket. */
    public Entry schedule(Instant fireAt, String cluster, String primary, long term, String target, String mode)
            throws IOException {
        return schedule(fireAt, cluster, primary, term, target, mode, Requester.here());
    }

    /** Schedules a run asked for by {@code who}: a fresh id, written durably before anyone waits on it. */
    public Entry schedule(Instant fireAt, String cluster, String primary, long term, String target, String mode,
                          Requester who) throws IOException {
        Instant now = Instant.now();
        String id = "S" + Long.toString(now.getEpochSecond(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        Entry e = new Entry(id, Entry.SCHEDULED, now, fireAt, Secrets.redact(cluster), primary, term, target, mode,
                who.operator(), null, who.reason().map(Secrets::redact).orElse(null), who.ticket().orElse(null));
        append(e);
        return e;
    }

    /** Ends {@code id} as {@code kind} (cancelled, fired, refused) with a note; a schedule ends once. */
    public void end(String id, String kind, String note) throws IOException {
        append(new Entry(id, kind, Instant.now(), null, null, null, null, null, null, Who.operator(), Secrets.redact(note),
                null, null));
    }

    /** Every schedule in the book, in the order scheduled; lines it cannot read are passed over. */
    public List<Schedule> load() throws IOException {
        Map<String, Entry> scheduled = new LinkedHashMap<>();
        Map<String, Entry> ended = new LinkedHashMap<>();
        if (!java.nio.file.Files.exists(file.path())) {
            return List.of();
        }
        for (JournalFile.NumberedLine l : file.readLines()) {
            Entry e;
            try {
                e = Json.MAPPER.readValue(l.text(), Entry.class);
            } catch (JsonProcessingException ex) {
                continue; // a torn line: the schedule it belonged to reads as its other lines say
            }
            if (e == null || e.id() == null || e.kind() == null) {
                continue;
            }
            if (Entry.SCHEDULED.equals(e.kind())) {
                scheduled.putIfAbsent(e.id(), e);
            } else {
                ended.putIfAbsent(e.id(), e);
            }
        }
        List<Schedule> out = new ArrayList<>();
        scheduled.forEach((id, e) -> out.add(new Schedule(e, Optional.ofNullable(ended.get(id)))));
        return out;
    }

    public Optional<Schedule> find(String id) throws IOException {
        return load().stream().filter(s -> s.scheduled().id().equals(id)).findFirst();
    }

    private void append(Entry e) throws IOException {
        try {
            file.append(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(e), true);
        } catch (JsonProcessingException ex) {
            throw new IOException("could not write schedule " + e.id() + ": " + ex.getOriginalMessage(), ex);
        }
    }
}
