package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.handover.core.HandoverEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The record of one run, as JSON: who/when ({@code run}, the only part that differs between two runs
 * with the same seed), the {@code request}, every {@code event} with its time, the {@code outcome}, and
 * for simulations the {@code invariants}, and the preflight ranking of the {@code candidates} when one
 * was taken. Absent fields (a poll has no decision) are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                        InvariantsInfo invariants,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CandidateInfo> candidates) {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    public RunReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** A report without a recorded ranking (real clusters without preflight, reports written before it). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     InvariantsInfo invariants) {
        this(run, request, events, outcome, invariants, List.of());
    }

    /** Who ran it, when, against what, with which build. */
    public record RunInfo(String operator, Instant startedAt, String cluster, String toolVersion) {
    }

    /**
     * What was asked.
     *
     * @param seed          the simulation's seed; absent for a real cluster
     * @param forceApproval {@code approve}, {@code decline}, or absent when no approval prompt was wired
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestInfo(String oldPrimary, String oldPrimaryAddr, String oldPrimaryRegion, String target,
                              String targetAddr, String targetRegion, long currentTerm, long newTerm, String mode,
                              long deadlineMs, long pollMs, long targetFrontierHint, String forceApproval, Long seed) {
    }

    /**
     * One event of the run at {@code atMs} since the run began. {@code type} is one of frozen, polled,
     * awaiting-approval, approval-decided, resumed, committed, aborted, outcome-unknown, still-frozen;
     * the other fields are present when that type has them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                             Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                             Long waitedMs, String message) {
        EventEntry redacted() {
            return new EventEntry(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm,
                    forced, waitedMs, Secrets.redact(message));
        }
    }

    /**
     * How it ended.
     *
     * @param result       committed | forced | aborted | unknown (also for writes left frozen)
     * @param writesFrozen whether writes may still be frozen on the old primary after the run
     * @param newTerm      the term handed over (committed, forced) or attempted (unknown); absent when aborted
     * @param reason       why an aborted or unknown run stopped (an abort reason, "commit failed", "resume failed")
     * @param roles        roles after a handover; empty when nothing was committed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutcomeInfo(String result, boolean writesFrozen, Long newTerm, long frontierLsn, long reachedLsn,
                              long skippedLsn, boolean forced, long waitedMs, List<RoleInfo> roles, String reason,
                              String message) {
        public OutcomeInfo {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** One node's role after the run; {@code primaryAddr} only for a replica. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleInfo(String node, String role, long term, String primaryAddr) {
    }

    /**
     * One replica as the preflight ranking saw it before the run, best first ({@code rank} 1).
     *
     * @param health  healthy | degraded | unreachable
     * @param reason  why it stands where it does, in words
     */
    public record CandidateInfo(String node, int rank, String health, long lagLsn, long lagMs, String region,
                                String reason) {
    }

    /** The simulator's accounting after the run (see {@code dev.handover.sim.InvariantReport}). */
    public record InvariantsInfo(long lostWrites, Map<Long, Integer> primariesPerTerm, boolean leftFrozen,
                                 List<String> violations) {
        public InvariantsInfo {
            primariesPerTerm = primariesPerTerm == null ? Map.of() : new TreeMap<>(primariesPerTerm);
            violations = violations == null ? List.of() : List.copyOf(violations);
        }
    }

    /**
     * The events as the coordinator emitted them, rebuilt from the JSON (for replaying a chart and a
     * timeline). An entry of a type this build does not know is skipped.
     */
    @JsonIgnore
    public List<HandoverEvent> handoverEvents() {
        return events.stream().map(e -> EventReader.toEvent(e, request)).flatMap(java.util.Optional::stream).toList();
    }

    /** The same report without who/when: two runs of the same request and seed give equal ones. */
    public RunReport withoutRunInfo() {
        return new RunReport(new RunInfo("", Instant.EPOCH, "", ""), request, events, outcome, invariants, candidates);
    }

    /** The same report with credentials scrubbed from every free-text field (see {@link Secrets}). */
    public RunReport redacted() {
        RunInfo r = new RunInfo(run.operator(), run.startedAt(), Secrets.redact(run.cluster()), run.toolVersion());
        List<EventEntry> es = events.stream().map(EventEntry::redacted).toList();
        OutcomeInfo o = new OutcomeInfo(outcome.result(), outcome.writesFrozen(), outcome.newTerm(), outcome.frontierLsn(),
                outcome.reachedLsn(), outcome.skippedLsn(), outcome.forced(), outcome.waitedMs(), outcome.roles(),
                outcome.reason(), Secrets.redact(outcome.message()));
        InvariantsInfo inv = invariants == null ? null : new InvariantsInfo(invariants.lostWrites(),
                invariants.primariesPerTerm(), invariants.leftFrozen(),
                invariants.violations().stream().map(Secrets::redact).toList());
        List<CandidateInfo> cs = candidates.stream().map(c -> new CandidateInfo(c.node(), c.rank(), c.health(), c.lagLsn(),
                c.lagMs(), c.region(), Secrets.redact(c.reason()))).toList();
        return new RunReport(r, request, es, o, inv, cs);
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run report could not be written as JSON", e);
        }
    }

    /** One line of JSON: for an append-only journal of one run a line. */
    public String toJsonLine() {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run report could not be written as JSON", e);
        }
    }

    public static RunReport fromJson(String json) throws IOException {
        RunReport r = MAPPER.readValue(json, RunReport.class);
        if (r == null) {
            throw new IOException("expected a run report, got null");
        }
        return r;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    public static RunReport read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }
}
