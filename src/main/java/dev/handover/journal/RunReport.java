package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.handover.cluster.ObservedRole;
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
import java.util.Optional;
import java.util.TreeMap;

/**
 * The record of one run, as JSON: who/when ({@code run}, the only part that differs between two runs
 * with the same seed), the {@code request}, every {@code event} with its time, the {@code outcome}, for
 * a backend that reads the topology back after a commit (PostgreSQL) the {@code verification} it saw,
 * for simulations the {@code invariants}, and the preflight ranking of the {@code candidates} when one
 * was taken. Absent fields (a poll has no decision) are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"run", "request", "events", "outcome", "loss", "verification", "invariants", "candidates", "faults", "hooks"})
public record RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                        VerificationInfo verification, InvariantsInfo invariants,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CandidateInfo> candidates,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FaultInfo> faults,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HookInfo> hooks,
                        LossInfo loss) {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    public RunReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(outcome, "outcome");
        events = List.copyOf(events);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        faults = faults == null ? List.of() : List.copyOf(faults);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /** A report without its loss figures (no force prompt and no commit; records written before them). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     VerificationInfo verification, InvariantsInfo invariants, List<CandidateInfo> candidates,
                     List<FaultInfo> faults, List<HookInfo> hooks) {
        this(run, request, events, outcome, verification, invariants, candidates, faults, hooks, null);
    }

    /** The report with what the run lost. */
    public RunReport withLoss(LossInfo l) {
        return new RunReport(run, request, events, outcome, verification, invariants, candidates, faults, hooks, l);
    }

    /** The loss figures, when the run recorded them. */
    public Optional<LossInfo> lost() {
        return Optional.ofNullable(loss);
    }

    /** A report without hooks (none configured, or recorded before hooks were). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     VerificationInfo verification, InvariantsInfo invariants, List<CandidateInfo> candidates,
                     List<FaultInfo> faults) {
        this(run, request, events, outcome, verification, invariants, candidates, faults, List.of());
    }

    /** The same report with the hooks the run called. */
    public RunReport withHooks(List<HookInfo> called) {
        return new RunReport(run, request, events, outcome, verification, invariants, candidates, faults, called, loss);
    }

    /** The same report with another outcome (a run vetoed before its coordinator began has none of its own). */
    public RunReport withOutcome(OutcomeInfo o) {
        return new RunReport(run, request, events, o, verification, invariants, candidates, faults, hooks, loss);
    }

    /** A report without faults (a real cluster's, or one recorded before faults were). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     VerificationInfo verification, InvariantsInfo invariants, List<CandidateInfo> candidates) {
        this(run, request, events, outcome, verification, invariants, candidates, List.of());
    }

    /**
     * A fault that hit the run on a simulated cluster (from the fault panel or the scenario's script), at
     * {@code atMs} since the run began. It is the cluster's doing, not the coordinator's, so it is no event.
     */
    public record FaultInfo(long atMs, String what) {
    }

    /** The same report with the faults that hit the run. */
    public RunReport withFaults(List<FaultInfo> hit) {
        return new RunReport(run, request, events, outcome, verification, invariants, candidates, hit, hooks, loss);
    }

    /** A report without a verification (simulated clusters, runs that committed nothing, older records). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     InvariantsInfo invariants, List<CandidateInfo> candidates) {
        this(run, request, events, outcome, null, invariants, candidates);
    }

    /** A report without a recorded ranking (real clusters without preflight, reports written before it). */
    public RunReport(RunInfo run, RequestInfo request, List<EventEntry> events, OutcomeInfo outcome,
                     InvariantsInfo invariants) {
        this(run, request, events, outcome, null, invariants, List.of());
    }

    /** The verification, when the backend made one. */
    public Optional<VerificationInfo> verified() {
        return Optional.ofNullable(verification);
    }

    /**
     * Who ran it, when, against what, with which build; {@code plan} is the id of the recorded plan
     * ({@code run --plan}) it was started from, absent otherwise; {@code preflightOverride} says why a run went
     * ahead although its preflight failed ({@code run --run-anyway}, or the reason typed in the console), absent
     * when the preflight did not fail or no override was asked; {@code reason} and {@code ticket} say why it was
     * asked for ({@code --reason}, {@code --ticket}, the form's fields), absent when not given (and in older records).
     */
    public record RunInfo(String operator, Instant startedAt, String cluster, String toolVersion,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String plan,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String preflightOverride,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String ticket) {
        public RunInfo(String operator, Instant startedAt, String cluster, String toolVersion) {
            this(operator, startedAt, cluster, toolVersion, null, null);
        }

        public RunInfo(String operator, Instant startedAt, String cluster, String toolVersion, String plan) {
            this(operator, startedAt, cluster, toolVersion, plan, null);
        }

        public RunInfo(String operator, Instant startedAt, String cluster, String toolVersion, String plan,
                       String preflightOverride) {
            this(operator, startedAt, cluster, toolVersion, plan, preflightOverride, null, null);
        }

        /** The same, kept as having gone ahead against a failing preflight for {@code why}. */
        public RunInfo overridingPreflight(String why) {
            return new RunInfo(operator, startedAt, cluster, toolVersion, plan, why, reason, ticket);
        }

        /** The same, asked for by {@code who}: its operator, reason and ticket. */
        public RunInfo by(Requester who) {
            return new RunInfo(who.operator(), startedAt, cluster, toolVersion, plan, preflightOverride,
                    who.reason().orElse(null), who.ticket().orElse(null));
        }

        /** The same, started from recorded plan {@code id}. */
        public RunInfo fromPlan(String id) {
            return new RunInfo(operator, startedAt, cluster, toolVersion, id, preflightOverride, reason, ticket);
        }

        /** The same with credentials masked in its free text (the cluster, the override, the reason). */
        public RunInfo redacted() {
            return new RunInfo(operator, startedAt, Secrets.redact(cluster), toolVersion, plan,
                    preflightOverride == null ? null : Secrets.redact(preflightOverride),
                    reason == null ? null : Secrets.redact(reason), ticket);
        }

        /** Who asked and why; an operator the record lacks (none should) reads as {@code unknown}. */
        @JsonIgnore
        public Requester requester() {
            return new Requester(operator == null || operator.isBlank() ? "unknown" : operator, Optional.ofNullable(reason),
                    Optional.ofNullable(ticket));
        }

        /** Whether the run went ahead although its preflight failed. */
        @JsonIgnore
        public Optional<String> preflightOverridden() {
            return Optional.ofNullable(preflightOverride);
        }
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
        /** Whether a force was asked ({@code mode} is {@code force}). */
        @JsonIgnore
        public boolean force() {
            return JournalNames.FORCE.equals(mode);
        }
    }

    /**
     * One node's role after the run; {@code primaryAddr} only for a replica that streams (from that address).
     *
     * @param role primary | replica | unreachable
     * @param seen what was seen, where the role was read back from the node (e.g. {@code writes frozen},
     *             {@code not streaming: walreceiver not running}); absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoleInfo(String node, String role, long term, String primaryAddr, String seen) {
        public RoleInfo(String node, String role, long term, String primaryAddr) {
            this(node, role, term, primaryAddr, null);
        }

        static RoleInfo of(ObservedRole r) {
            return new RoleInfo(r.node(), r.kind().name().toLowerCase(java.util.Locale.ROOT), r.term(),
                    r.upstream().orElse(null), Secrets.redact(r.detail()));
        }
    }

    /**
     * One replica as the preflight ranking saw it before the run, best first ({@code rank} 1).
     *
     * @param health  healthy | degraded | unreachable
     * @param lagLsn  how far behind it was; absent (null) when it did not answer: not read, so not 0
     * @param lagMs   the same in time; absent likewise
     * @param reason  why it stands where it does, in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CandidateInfo(String node, int rank, String health, Long lagLsn, Long lagMs, String region,
                                String reason) {
        /** A candidate whose lag was read. */
        public CandidateInfo(String node, int rank, String health, long lagLsn, long lagMs, String region, String reason) {
            this(node, rank, health, Long.valueOf(lagLsn), Long.valueOf(lagMs), region, reason);
        }
    }

    /** The simulator's accounting after the run (see {@code dev.handover.sim.InvariantReport}). */
    public record InvariantsInfo(long lostWrites, Map<Long, Integer> primariesPerTerm, boolean leftFrozen,
                                 List<String> violations) {
        public InvariantsInfo {
            primariesPerTerm = primariesPerTerm == null ? Map.of() : new TreeMap<>(primariesPerTerm);
            violations = violations == null ? List.of() : List.copyOf(violations);
        }
    }

    /** The same report with its poll readings as a record keeps them ({@link PollThinning}). */
    public RunReport withThinnedPolls() {
        return new RunReport(run, request, PollThinning.thin(events, request.deadlineMs()), outcome, verification, invariants,
                candidates, faults, hooks, loss);
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
        return new RunReport(new RunInfo("", Instant.EPOCH, "", ""), request, events, outcome, verification, invariants,
                candidates, faults, hooks, loss);
    }

    /** The same report with credentials scrubbed from every free-text field (see {@link Secrets}). */
    public RunReport redacted() {
        RunInfo r = run.redacted();
        List<EventEntry> es = events.stream().map(EventEntry::redacted).toList();
        OutcomeInfo o = new OutcomeInfo(outcome.result(), outcome.topology(), outcome.writesFrozen(), outcome.newTerm(),
                outcome.frontierLsn(), outcome.reachedLsn(), outcome.skippedLsn(), outcome.forced(), outcome.waitedMs(),
                outcome.roles().stream().map(role -> new RoleInfo(role.node(), role.role(), role.term(), role.primaryAddr(),
                        Secrets.redact(role.seen()))).toList(),
                outcome.reason(), Secrets.redact(outcome.message()));
        InvariantsInfo inv = invariants == null ? null : new InvariantsInfo(invariants.lostWrites(),
                invariants.primariesPerTerm(), invariants.leftFrozen(),
                invariants.violations().stream().map(Secrets::redact).toList());
        List<CandidateInfo> cs = candidates.stream().map(c -> new CandidateInfo(c.node(), c.rank(), c.health(), c.lagLsn(),
                c.lagMs(), c.region(), Secrets.redact(c.reason()))).toList();
        List<FaultInfo> fs = faults.stream().map(f -> new FaultInfo(f.atMs(), Secrets.redact(f.what()))).toList();
        List<HookInfo> hs = hooks.stream().map(h -> new HookInfo(h.phase(), Secrets.redact(h.what()), h.ok(), h.exit(),
                h.timedOut(), h.tookMs(), Secrets.redact(h.output()))).toList();
        LossInfo l = loss == null ? null : new LossInfo(loss.skippedPositions(), loss.positionsAreBytes(),
                loss.lostTransactions().redacted(), loss.atPrompt() == null ? null : loss.atPrompt().redacted());
        return new RunReport(r, request, es, o, verification == null ? null : verification.redacted(), inv, cs, fs, hs, l);
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
