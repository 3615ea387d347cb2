package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Recorded plans ({@code handover plan}), in their own append-only file ({@value #FILE_NAME}) beside the journal:
 * one line per plan, never rewritten — what was asked, the cluster as it was seen, every check and probe and the
 * go or no-go. {@code handover run --plan <id>} reads it back, checks the cluster again against it and runs it;
 * the run is recorded in the journal as every run is, its started line naming the plan.
 */
public final class PlanBook {
    public static final String FILE_NAME = "plans.jsonl";
    /** How long a plan may be run after it was made: a day-old picture of a cluster is not a plan any more. */
    public static final Duration MAX_AGE = Duration.ofHours(24);

    private final JournalFile file;

    private PlanBook(Path directory) {
        this.file = new JournalFile(directory.resolve(FILE_NAME));
    }

    /** The book beside {@code journal}. */
    public static PlanBook of(Journal journal) {
        return new PlanBook(journal.directory());
    }

    public Path file() {
        return file.path();
    }

    /**
     * One plan as it was made.
     *
     * @param id        {@code P…}, what {@code run --plan} names
     * @param at        when it was made
     * @param operator  who made it
     * @param cluster   the cluster as named on the command line (credentials masked)
     * @param request   what was asked
     * @param snapshot  the cluster it was checked on
     * @param go        true when no check or probe failed
     * @param reasons   on a no-go, every failed check and probe in words
     * @param preflight the preflight's checks
     * @param probes    the backend's probes
     * @param reason    why it was asked for ({@code --reason}); absent when not given (and in older books)
     * @param ticket    the change or incident it belongs to ({@code --ticket}); absent likewise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plan(String id, Instant at, String operator, String cluster, Request request, Snapshot snapshot,
                       boolean go, List<String> reasons, List<Check> preflight, List<Check> probes, String reason,
                       String ticket) {
        public Plan {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            preflight = preflight == null ? List.of() : List.copyOf(preflight);
            probes = probes == null ? List.of() : List.copyOf(probes);
        }

        /** A plan without a reason or ticket. */
        public Plan(String id, Instant at, String operator, String cluster, Request request, Snapshot snapshot,
                    boolean go, List<String> reasons, List<Check> preflight, List<Check> probes) {
            this(id, at, operator, cluster, request, snapshot, go, reasons, preflight, probes, null, null);
        }

        /** Who made the plan and why; a book line without an operator (none should lack one) reads as {@code unknown}. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public Requester requester() {
            return new Requester(operator == null || operator.isBlank() ? "unknown" : operator, Optional.ofNullable(reason),
                    Optional.ofNullable(ticket));
        }

        /** How old the plan is at {@code now}. */
        public Duration age(Instant now) {
            return Duration.between(at, now);
        }
    }

    /**
     * What the plan asks.
     *
     * @param freezeBudgetMs the write-freeze budget given with {@code --freeze-budget}; absent when the default was used
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String target, String mode, long deadlineMs, long pollMs, Long freezeBudgetMs, String oldPrimary,
                          long term) {
    }

    /** The cluster the plan was checked on: its primary and term, and each node's role and health. */
    public record Snapshot(String primary, long term, List<NodeFact> nodes) {
        public Snapshot {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }
    }

    /** One node as the plan saw it: {@code primary} or {@code replica}, and its health (HEALTHY, DEGRADED, UNREACHABLE). */
    public record NodeFact(String id, String role, String health) {
    }

    /** One check or probe: its title, PASS / WARN / FAIL, and what was seen. */
    public record Check(String title, String verdict, String why) {
    }

    /** The book read: its plans in order, and the lines that could not be read. */
    public record Contents(List<Plan> plans, List<DamagedLine> damaged, List<String> damagedText) {
    }

    /**
     * Looking up one id: the plan when an intact line holds it; the damaged lines of the book, and those of them whose
     * text names the id (a torn or edited plan line), so a refusal can say which.
     */
    public record Lookup(Optional<Plan> plan, List<DamagedLine> damaged, List<DamagedLine> damagedNamingId) {
    }

    /** Records a plan under a fresh id, durably, as made by {@code who}; returns it as written. */
    public Plan record(Requester who, String cluster, Request request, Snapshot snapshot, boolean go, List<String> reasons,
                       List<Check> preflight, List<Check> probes) throws IOException {
        Instant now = Instant.now();
        int random = ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36);
        String id = "P" + Long.toString(now.getEpochSecond(), 36) + String.format("%4s", Integer.toString(random, 36)).replace(' ', '0');
        Plan p = new Plan(id, now, who.operator(), Secrets.redact(cluster), request, snapshot, go,
                reasons.stream().map(Secrets::redact).toList(),
                preflight.stream().map(c -> new Check(c.title(), c.verdict(), Secrets.redact(c.why()))).toList(),
                probes.stream().map(c -> new Check(c.title(), c.verdict(), Secrets.redact(c.why()))).toList(),
                who.reason().map(Secrets::redact).orElse(null), who.ticket().orElse(null));
        try {
            file.append(Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(p), true);
        } catch (JsonProcessingException ex) {
            throw new IOException("could not write plan " + id + ": " + ex.getOriginalMessage(), ex);
        }
        return p;
    }

    /** Every plan in the book, in the order made; a line that is not a whole plan is listed as damaged. */
    public Contents load() throws IOException {
        List<Plan> plans = new ArrayList<>();
        List<DamagedLine> damaged = new ArrayList<>();
        List<String> damagedText = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JournalFile.NumberedLine l : file.readLines()) {
            if (l.text().isBlank()) {
                continue;
            }
            Optional<String> problem;
            Plan p = null;
            try {
                p = Json.MAPPER.readValue(l.text(), Plan.class);
                problem = incomplete(p);
            } catch (JsonProcessingException ex) {
                problem = Optional.of((l.complete() ? "not a plan" : "cut short") + " (" + ex.getOriginalMessage() + ")");
            }
            if (problem.isEmpty() && !seen.add(p.id())) {
                problem = Optional.of("a second plan with id " + p.id() + " (the first one counts)");
            }
            if (problem.isPresent()) {
                damaged.add(new DamagedLine(file.path(), l.number(), problem.get()));
                damagedText.add(l.text());
            } else {
                plans.add(p);
            }
        }
        return new Contents(plans, damaged, damagedText);
    }

    /** Looks {@code id} up (exactly). */
    public Lookup find(String id) throws IOException {
        Contents c = load();
        Optional<Plan> plan = c.plans().stream().filter(p -> p.id().equals(id)).findFirst();
        List<DamagedLine> naming = new ArrayList<>();
        for (int i = 0; i < c.damaged().size(); i++) {
            if (c.damagedText().get(i).contains("\"" + id + "\"")) {
                naming.add(c.damaged().get(i));
            }
        }
        return new Lookup(plan, c.damaged(), naming);
    }

    /** What a parsed line lacks to be run; empty when it is whole. */
    private static Optional<String> incomplete(Plan p) {
        if (p == null) {
            return Optional.of("not a plan (null)");
        }
        List<String> missing = new ArrayList<>();
        if (p.id() == null || p.id().isBlank()) {
            missing.add("id");
        }
        if (p.at() == null) {
            missing.add("at");
        }
        if (p.cluster() == null || p.cluster().isBlank()) {
            missing.add("cluster");
        }
        if (p.request() == null) {
            missing.add("request");
        } else {
            if (p.request().target() == null) {
                missing.add("request.target");
            }
            if (p.request().mode() == null || !JournalNames.MODES.contains(p.request().mode())) {
                missing.add("request.mode (coordinated or force)");
            }
            if (p.request().oldPrimary() == null) {
                missing.add("request.oldPrimary");
            }
            if (p.request().deadlineMs() < 0 || p.request().pollMs() <= 0) {
                missing.add("request.deadlineMs / pollMs (positive)");
            }
        }
        if (p.snapshot() == null || p.snapshot().primary() == null) {
            missing.add("snapshot.primary");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("not a whole plan (missing or wrong: "
                + String.join(", ", missing) + ")");
    }
}
