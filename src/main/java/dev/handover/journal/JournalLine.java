package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of the journal (JSON Lines): every line names its {@code run} and the wall-clock
 * instant it was written. A run is {@code started}, then its {@code event}s and {@code intent}s as
 * they happen, then {@code finished} with the whole report; an {@code acknowledged} line marks a
 * recovered run as seen, so nothing ever has to be rewritten.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalLine.Started.class, name = "started"),
        @JsonSubTypes.Type(value = JournalLine.Event.class, name = "event"),
        @JsonSubTypes.Type(value = JournalLine.Intent.class, name = "intent"),
        @JsonSubTypes.Type(value = JournalLine.Finished.class, name = "finished"),
        @JsonSubTypes.Type(value = JournalLine.Acknowledged.class, name = "acknowledged")})
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface JournalLine {

    String run();

    Instant at();

    /** What is missing or wrong in a line that parsed as JSON; empty when it is whole. */
    default Optional<String> problem() {
        if (run() == null || run().isBlank()) {
            return Optional.of("no \"run\" id");
        }
        if (at() == null) {
            return Optional.of("no \"at\" time");
        }
        return detailProblem();
    }

    Optional<String> detailProblem();

    /** A run began: who, against what, what was asked, and the ranking the target was picked from. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Started(String run, Instant at, RunReport.RunInfo info, RunReport.RequestInfo request,
                   List<RunReport.CandidateInfo> candidates) implements JournalLine {
        public Started {
            candidates = candidates == null ? List.of() : List.copyOf(candidates);
        }

        @Override
        public Optional<String> detailProblem() {
            if (info == null) {
                return Optional.of("started line without \"info\"");
            }
            return request == null || request.target() == null || request.oldPrimary() == null
                    ? Optional.of("started line without a whole \"request\"") : Optional.empty();
        }
    }

    /** One coordinator event, appended as it happened. */
    record Event(String run, Instant at, EventEntry event) implements JournalLine {
        @Override
        public Optional<String> detailProblem() {
            return event == null || event.type() == null ? Optional.of("event line without an \"event\" type")
                    : Optional.empty();
        }
    }

    /**
     * A step about to be taken on the cluster ({@code freeze} or {@code commit}), written before the
     * call: a crash inside the call still leaves the journal saying it may have taken effect. A backend's
     * step around the cluster (a pooler's {@code pause}, {@code retarget}, {@code resume}) names its
     * {@code subject} too; its outcome follows as an event line of type {@code step-done} or {@code step-failed}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Intent(String run, Instant at, String step, Long newTerm, String subject) implements JournalLine {
        static final String FREEZE = "freeze";
        static final String COMMIT = "commit";

        Intent(String run, Instant at, String step, Long newTerm) {
            this(run, at, step, newTerm, null);
        }

        /** Whether this is a backend's step around the cluster rather than the freeze or the commit. */
        boolean stepAroundCluster() {
            return !FREEZE.equals(step) && !COMMIT.equals(step);
        }

        @Override
        public Optional<String> detailProblem() {
            if (FREEZE.equals(step) || COMMIT.equals(step)) {
                return Optional.empty();
            }
            if (step == null || step.isBlank()) {
                return Optional.of("intent line without a \"step\"");
            }
            return subject == null || subject.isBlank()
                    ? Optional.of("intent line with step \"" + step + "\" and no \"subject\" (expected freeze, commit, "
                    + "or a step with its subject)") : Optional.empty();
        }
    }

    /** The run ended: the report, exactly as {@code run --report} writes it. */
    record Finished(String run, Instant at, RunReport report) implements JournalLine {
        @Override
        public Optional<String> detailProblem() {
            return report == null ? Optional.of("finished line without a \"report\"") : Optional.empty();
        }
    }

    /** An operator saw an unfinished run's recovery advice and dealt with it. */
    record Acknowledged(String run, Instant at, String operator, String note) implements JournalLine {
        @Override
        public Optional<String> detailProblem() {
            return Optional.empty();
        }
    }
}
