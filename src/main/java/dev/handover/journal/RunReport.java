package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.handover.core.HandoverEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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
 * for simulations the {@code invariants}. Absent fields (a poll has no decision) are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                        InvariantsInfo invariants) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Newer writers may add fields; an older reader should still show the run.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RunReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
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
        return new RunReport(new RunInfo("", Instant.EPOCH, "", ""), request, events, outcome, invariants);
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
