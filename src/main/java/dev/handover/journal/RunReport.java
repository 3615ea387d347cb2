package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.handover.cluster.AfterRun;
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

    /**
     * What a run lost, as numbers: the positions it skipped (bytes of WAL on PostgreSQL, seqs on MariaDB) and
     * the transactions lost — counted, estimated as a range with its basis, or unknown — as the record says
     * after the run; {@code atPrompt} is the figure the operator was shown when asked to force, when asked.
     *
     * @param skippedPositions what the handover skipped (frontier minus what the target held); 0 when none, or
     *                         nothing was handed over
     * @param positionsAreBytes whether a position is a byte of log
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"skippedPositions", "positionsAreBytes", "lostTransactions", "atPrompt"})
    public record LossInfo(long skippedPositions, boolean positionsAreBytes, LostInfo lostTransactions, LostInfo atPrompt) {
        public LossInfo {
            Objects.requireNonNull(lostTransactions, "lostTransactions");
        }

        /** Whether the run is known to have lost nothing. */
        @JsonIgnore
        public boolean none() {
            return lostTransactions.exact() && lostTransactions.count() == 0;
        }
    }

    /**
     * One loss figure: {@code figure} is {@code exact} (with {@code count}), {@code estimated} (with {@code low}
     * and {@code high}) or {@code unknown}; {@code unit} what was counted; {@code basis} how, in words.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"figure", "count", "low", "high", "unit", "basis"})
    public record LostInfo(String figure, Long count, Long low, Long high, String unit, String basis) {
        public static final String EXACT = "exact";
        public static final String ESTIMATED = "estimated";
        public static final String UNKNOWN = "unknown";

        public LostInfo {
            Objects.requireNonNull(figure, "figure");
        }

        public static LostInfo exact(long count, String unit, String basis) {
            return new LostInfo(EXACT, count, null, null, unit, basis);
        }

        public static LostInfo estimated(long low, long high, String unit, String basis) {
            return new LostInfo(ESTIMATED, null, low, high, unit, basis);
        }

        public static LostInfo unknown(String why) {
            return new LostInfo(UNKNOWN, null, null, null, null, why);
        }

        @JsonIgnore
        public boolean exact() {
            return EXACT.equals(figure) && count != null;
        }

        @JsonIgnore
        public boolean estimated() {
            return ESTIMATED.equals(figure) && low != null && high != null;
        }

        /** {@code 85}, {@code 60-110 (estimated)}, {@code unknown}: for a table cell. */
        @JsonIgnore
        public String cell() {
            if (exact()) {
                return String.format(java.util.Locale.ROOT, "%,d", count);
            }
            if (estimated()) {
                return String.format(java.util.Locale.ROOT, low.equals(high) ? "~%,d" : "%,d-%,d", low, high) + " (est.)";
            }
            return "unknown";
        }

        /** {@code 85 committed transactions (exact: <basis>)}, {@code between 60 and 110 ... (estimated: ...)}, {@code unknown: <why>}. */
        @JsonIgnore
        public String text() {
            if (exact()) {
                return String.format(java.util.Locale.ROOT, "%,d %s (exact: %s)", count, unit, basis);
            }
            if (estimated()) {
                return (low.equals(high) ? String.format(java.util.Locale.ROOT, "about %,d", low)
                        : String.format(java.util.Locale.ROOT, "between %,d and %,d", low, high)) + " " + unit
                       + " (estimated: " + basis + ")";
            }
            return "unknown" + (basis == null ? "" : ": " + basis);
        }

        LostInfo redacted() {
            return new LostInfo(figure, count, low, high, unit, basis == null ? null : Secrets.redact(basis));
        }
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

    /**
     * One operator command or webhook the run called, and what came of it.
     *
     * @param phase    {@code pre-switchover} (its failure vetoes the run), {@code post-switchover} or {@code on-abort}
     * @param what     the command line or the webhook's URL, credentials masked
     * @param ok       exit 0 (a command) or a 2xx answer (a webhook) within its timeout
     * @param exit     the command's exit status or the webhook's HTTP status; absent when it timed out or never ran
     * @param tookMs   how long it took
     * @param output   the last part of what it printed (stdout and stderr) or answered, credentials masked
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HookInfo(String phase, String what, boolean ok, Integer exit, boolean timedOut, long tookMs, String output) {
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
     * when the preflight did not fail or no override was asked.
     */
    public record RunInfo(String operator, Instant startedAt, String cluster, String toolVersion,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String plan,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String preflightOverride) {
        public RunInfo(String operator, Instant startedAt, String cluster, String toolVersion) {
            this(operator, startedAt, cluster, toolVersion, null, null);
        }

        public RunInfo(String operator, Instant startedAt, String cluster, String toolVersion, String plan) {
            this(operator, startedAt, cluster, toolVersion, plan, null);
        }

        /** The same, kept as having gone ahead against a failing preflight for {@code why}. */
        public RunInfo overridingPreflight(String why) {
            return new RunInfo(operator, startedAt, cluster, toolVersion, plan, why);
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
    }

    /**
     * One event of the run at {@code atMs} since the run began. {@code type} is one of frozen, polled,
     * awaiting-approval, approval-decided, resumed, committed, aborted, outcome-unknown, still-frozen;
     * the other fields are present when that type has them. {@code readings} is on a kept poll that stands
     * for more than one reading (the ones the record left out before it, see {@link PollThinning}); absent
     * means one, as in every record written before readings were thinned.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                             Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                             Long waitedMs, String message, Long readings, String step, String subject) {
        /** The type of a backend's step around the cluster that took effect ({@code step}, {@code subject}, seen in {@code message}). */
        public static final String STEP_DONE = "step-done";
        /** The type of a backend's step around the cluster that failed or did not take effect. */
        public static final String STEP_FAILED = "step-failed";

        public EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                          Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                          Long waitedMs, String message, Long readings) {
            this(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm, forced, waitedMs,
                    message, readings, null, null);
        }

        public EventEntry(long atMs, String type, Long frontierLsn, Long reachedLsn, Long skippedLsn,
                          Long windowMs, String decision, String reason, Long newTerm, Boolean forced,
                          Long waitedMs, String message) {
            this(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm, forced, waitedMs,
                    message, null);
        }

        /** A backend's step around the cluster (see {@link dev.handover.cluster.StepJournal}), with what was seen. */
        static EventEntry step(long atMs, boolean tookEffect, String step, String subject, String seen) {
            return new EventEntry(atMs, tookEffect ? STEP_DONE : STEP_FAILED, null, null, null, null, null, null, null, null,
                    null, seen, null, step, subject);
        }

        /** Whether this is a backend's step rather than a coordinator event. */
        public boolean stepAroundCluster() {
            return STEP_DONE.equals(type) || STEP_FAILED.equals(type);
        }

        EventEntry redacted() {
            return new EventEntry(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm,
                    forced, waitedMs, Secrets.redact(message), readings, step, subject);
        }

        /** The same entry standing for {@code n} readings. */
        EventEntry standingFor(long n) {
            return new EventEntry(atMs, type, frontierLsn, reachedLsn, skippedLsn, windowMs, decision, reason, newTerm,
                    forced, waitedMs, message, n == 1 ? null : n, step, subject);
        }

        /** How many readings this entry stands for: 1 for every event but a thinned poll. */
        public long readingCount() {
            return readings == null ? 1 : readings;
        }
    }

    /**
     * How it ended.
     *
     * @param result       committed | forced | aborted | unknown (also for writes left frozen)
     * @param topology     healthy | degraded, when the backend read the topology back after a commit
     *                     (PostgreSQL); absent otherwise (the simulator's state is the observation, or nothing
     *                     was committed). A committed or forced run whose topology is degraded needs hands.
     * @param writesFrozen whether writes may still be frozen on the old primary after the run
     * @param newTerm      the term handed over (committed, forced) or attempted (unknown); absent when aborted
     * @param skippedLsn   LSNs a forced commit skipped; 0 when the run committed at the frontier or handed nothing
     *                     over; absent when the result is unknown (whether anything was skipped is not known, so the
     *                     record never says 0 there, also for records written before this rule)
     * @param reason       why an aborted or unknown run stopped (an abort reason, "commit failed", "resume failed")
     * @param roles        roles after a handover: as read back from the nodes where the topology was verified,
     *                     else as the simulated cluster holds them; empty when nothing was committed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"result", "topology"})
    public record OutcomeInfo(String result, String topology, boolean writesFrozen, Long newTerm, long frontierLsn,
                              long reachedLsn, Long skippedLsn, boolean forced, long waitedMs, List<RoleInfo> roles,
                              String reason, String message) {
        public static final String HEALTHY = "healthy";
        public static final String DEGRADED = "degraded";

        public OutcomeInfo {
            roles = roles == null ? List.of() : List.copyOf(roles);
            skippedLsn = "unknown".equals(result) ? null : (skippedLsn == null ? Long.valueOf(0) : skippedLsn);
        }

        /** An outcome whose topology was not read back. */
        public OutcomeInfo(String result, boolean writesFrozen, Long newTerm, long frontierLsn, long reachedLsn,
                           Long skippedLsn, boolean forced, long waitedMs, List<RoleInfo> roles, String reason,
                           String message) {
            this(result, null, writesFrozen, newTerm, frontierLsn, reachedLsn, skippedLsn, forced, waitedMs, roles,
                    reason, message);
        }

        /** Handed over (committed or forced) but the topology was seen degraded: a person has steps to take. */
        @JsonIgnore
        public boolean degraded() {
            return DEGRADED.equals(topology) && ("committed".equals(result) || "forced".equals(result));
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
     * What the backend saw after a commit, before the run's record was closed: the evidence for
     * {@code outcome.topology}.
     *
     * @param steps     the commit's steps, each with its time since the commit began when timed
     * @param remaining exact steps left for a person, in order; empty when none
     * @param checks    every check of the new topology and its result
     * @param clientStallMs   the longest any client waited, as a pooler in front of the cluster measured it
     *                        (PgBouncer's SHOW POOLS maxwait right before RESUME); absent without a pooler
     * @param routerHeldMs    how long the client router in front of the cluster held its clients (the longest; a
     *                        PgBouncer's pools from PAUSE asked to RESUME confirmed); read from the router's old
     *                        name, {@code bouncerPausedMs}, in records written before it was renamed
     * @param clientStallFrom where {@code clientStallMs} was read, e.g. {@code PgBouncer maxwait}
     * @param failedClientRequests what is known of failed client requests: a pooler does not count them, so a
     *                        sentence saying so rather than a number
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerificationInfo(List<StepInfo> steps, List<String> remaining, List<CheckInfo> checks, Long clientStallMs,
                                   @JsonAlias("bouncerPausedMs") Long routerHeldMs, String clientStallFrom,
                                   String failedClientRequests) {
        public VerificationInfo {
            steps = steps == null ? List.of() : List.copyOf(steps);
            remaining = remaining == null ? List.of() : List.copyOf(remaining);
            checks = checks == null ? List.of() : List.copyOf(checks);
        }

        /** Evidence without a client stall (no pooler in front of the cluster, or recorded before one was). */
        public VerificationInfo(List<StepInfo> steps, List<String> remaining, List<CheckInfo> checks) {
            this(steps, remaining, checks, null, null, null, null);
        }

        /** The backend's evidence as recorded: credentials scrubbed from every text. */
        public static VerificationInfo of(AfterRun a) {
            Optional<dev.handover.cluster.ClientStall> stall = a.clientStall();
            return new VerificationInfo(
                    a.done().stream().map(s -> new StepInfo(s.at().map(java.time.Duration::toMillis).orElse(null),
                            Secrets.redact(s.text()))).toList(),
                    a.remaining().stream().map(Secrets::redact).toList(),
                    a.checks().stream().map(c -> new CheckInfo(Secrets.redact(c.what()), c.ok(), Secrets.redact(c.seen()),
                            c.severity().name().toLowerCase(java.util.Locale.ROOT))).toList(),
                    stall.map(s -> s.longestWait().toMillis()).orElse(null),
                    stall.map(s -> s.held().toMillis()).orElse(null),
                    stall.map(dev.handover.cluster.ClientStall::source).orElse(null),
                    stall.map(s -> dev.handover.cluster.ClientStall.FAILED_REQUESTS).orElse(null));
        }

        /** The clients' stall as recorded; empty in a report without one. */
        @JsonIgnore
        public Optional<dev.handover.cluster.ClientStall> clientStall() {
            return clientStallMs == null ? Optional.empty() : Optional.of(new dev.handover.cluster.ClientStall(
                    java.time.Duration.ofMillis(clientStallMs), java.time.Duration.ofMillis(routerHeldMs == null ? 0
                    : routerHeldMs), clientStallFrom == null ? "pooler" : clientStallFrom));
        }

        /** The checks that failed, degrading or advisory. */
        @JsonIgnore
        public List<CheckInfo> failed() {
            return checks.stream().filter(c -> !c.ok()).toList();
        }

        VerificationInfo redacted() {
            return new VerificationInfo(steps.stream().map(s -> new StepInfo(s.atMs(), Secrets.redact(s.text()))).toList(),
                    remaining.stream().map(Secrets::redact).toList(),
                    checks.stream().map(c -> new CheckInfo(Secrets.redact(c.what()), c.ok(), Secrets.redact(c.seen()),
                            c.severity())).toList(), clientStallMs, routerHeldMs, clientStallFrom, failedClientRequests);
        }
    }

    /** One step of the commit; {@code atMs} since the commit began, absent when the backend did not time it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepInfo(Long atMs, String text) {
    }

    /**
     * One check of the topology.
     *
     * @param severity degrading (a failure leaves the topology degraded) | advisory (reported only)
     */
    public record CheckInfo(String what, boolean ok, String seen, String severity) {
        /** Failed, and its failure degrades the topology (an unknown severity counts as degrading). */
        @JsonIgnore
        public boolean degrades() {
            return !ok && !"advisory".equals(severity);
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

    /**
     * The events as the coordinator emitted them, rebuilt from the JSON (for replaying a chart and a
     * timeline). An entry of a type this build does not know is skipped.
     */
    @JsonIgnore
    /** The same report with its poll readings as a record keeps them ({@link PollThinning}). */
    public RunReport withThinnedPolls() {
        return new RunReport(run, request, PollThinning.thin(events, request.deadlineMs()), outcome, verification, invariants,
                candidates, faults, hooks, loss);
    }

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
        RunInfo r = new RunInfo(run.operator(), run.startedAt(), Secrets.redact(run.cluster()), run.toolVersion(), run.plan(),
                run.preflightOverride() == null ? null : Secrets.redact(run.preflightOverride()));
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
