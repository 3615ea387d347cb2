package dev.handover.campaign;

import java.util.Map;
import java.util.Optional;

import static dev.handover.campaign.Step.BEFORE_FREEZE;
import static dev.handover.campaign.Step.CATCHING_UP;
import static dev.handover.campaign.Step.FORCE_PROMPT;
import static dev.handover.campaign.Step.FROZEN;
import static dev.handover.campaign.Step.OLD_PRIMARY_STOPPED;
import static dev.handover.campaign.Step.PROMOTED;
import static dev.handover.campaign.Step.PROMOTING;
import static dev.handover.campaign.Step.REPOINTING;

/**
 * Which fault × step cells run. A cell is not run when the fault cannot happen there ("n/a", {@link Fault}), or
 * when it leaves the cluster in the same state at the commit as a cell that does run ("= that step"): the budget
 * of the campaign in {@code mvn verify} is about 20 minutes on two cores, and a cell costs 10 s to 2.5 min.
 * Both reasons go into docs/records-and-safety.md's table.
 */
final class Plan {
    private Plan() {
    }

    private static final String SAME_WAIT = "stopped before or at the freeze, the target is just as stuck when the run waits";
    /*
     * Once the old primary is stopped the target's walreceiver exists only for milliseconds between two refused
     * connection attempts: one full run caught one there, the next did not within 30 s. A receiver stopped then
     * holds the promotion exactly as one stopped at the force prompt does, just before the commit.
     */
    private static final String RECEIVER_GONE = "with the old primary down the walreceiver lives only for moments between "
            + "connection attempts; stopped then, it holds the promotion as one stopped at the prompt does";
    private static final String PG_SIBLING = "the sibling is not touched before the old primary is stopped and the target "
            + "holds all its WAL";
    private static final Map<Fault, Map<Step, String>> PG_SAME = Map.of(
            Fault.RECEIVER_STOPPED, Map.of(BEFORE_FREEZE, "= catching up: " + SAME_WAIT, FROZEN, "= catching up: " + SAME_WAIT,
                    OLD_PRIMARY_STOPPED, "= force prompt: " + RECEIVER_GONE),
            Fault.RECEIVER_STOPPED_UNTIL_REPAIR, Map.of(
                    BEFORE_FREEZE, "= force prompt: a receiver never resumed runs the wait out to the prompt",
                    FROZEN, "= force prompt: a receiver never resumed runs the wait out to the prompt",
                    CATCHING_UP, "= force prompt: a receiver never resumed runs the wait out to the prompt",
                    OLD_PRIMARY_STOPPED, "= force prompt: " + RECEIVER_GONE),
            Fault.REPLAY_PAUSED, Map.of(BEFORE_FREEZE, "= catching up: " + SAME_WAIT, FROZEN, "= catching up: " + SAME_WAIT),
            Fault.TARGET_KILLED, Map.of(
                    BEFORE_FREEZE, "= catching up: the target is down before the run's first reading either way",
                    FROZEN, "= catching up: the target is down before the run's first reading either way",
                    REPOINTING, "= promoted: the new primary dies after its promotion either way"),
            Fault.OLD_PRIMARY_KILLED, Map.of(
                    FORCE_PROMPT, "= catching up: it dies frozen with the target short of the frontier either way"),
            Fault.SIBLING_DOWN, Map.of(
                    BEFORE_FREEZE, "= frozen: " + PG_SIBLING, CATCHING_UP, "= frozen: " + PG_SIBLING,
                    FORCE_PROMPT, "= frozen: " + PG_SIBLING, OLD_PRIMARY_STOPPED, "= frozen: " + PG_SIBLING,
                    REPOINTING, "= promoted: the siblings are re-pointed alongside the promotion, before either point"),
            Fault.BOUNCER_KILLED, Map.of(
                    BEFORE_FREEZE, "= frozen: the run pauses the pool before its first freeze statement either way",
                    CATCHING_UP, "= frozen: the bouncer dies with its pool paused and writes frozen either way",
                    FORCE_PROMPT, "= frozen: the bouncer dies with its pool paused and writes frozen either way",
                    PROMOTING, "= promoted: the bouncer is retargeted once the target writes, so it dies before or after that",
                    REPOINTING, "= promoted: the bouncer is retargeted and resumed by then"));

    private static final String MDB_UNTOUCHED = "the sibling is not touched before it is re-pointed";
    private static final Map<Fault, Map<Step, String>> MDB_SAME = Map.of(
            Fault.RECEIVER_STOPPED, Map.of(BEFORE_FREEZE, "= catching up: " + SAME_WAIT, FROZEN, "= catching up: " + SAME_WAIT,
                    FORCE_PROMPT, "= resumed after a repair, force prompt: the promotion resets the target's replication, "
                            + "so when the IO thread would come back makes no difference"),
            Fault.RECEIVER_STOPPED_UNTIL_REPAIR, Map.of(
                    BEFORE_FREEZE, "= force prompt: an IO thread never restarted runs the wait out to the prompt",
                    FROZEN, "= force prompt: an IO thread never restarted runs the wait out to the prompt",
                    CATCHING_UP, "= force prompt: an IO thread never restarted runs the wait out to the prompt"),
            Fault.REPLAY_PAUSED, Map.of(BEFORE_FREEZE, "= force prompt: a SQL thread stopped and not restarted in the run "
                            + "runs the wait out to the prompt", FROZEN, "= force prompt: the same",
                    CATCHING_UP, "= force prompt: the same"),
            Fault.TARGET_KILLED, Map.of(FROZEN, "= catching up: the target is down before the run's first reading either way",
                    BEFORE_FREEZE, "= catching up: the target is down before the run's first reading either way",
                    REPOINTING, "= promoted: the new primary dies after its promotion either way"),
            Fault.OLD_PRIMARY_KILLED, Map.of(BEFORE_FREEZE, "= frozen: the freeze (a session's lock) dies with the server either way",
                    FORCE_PROMPT, "= catching up: frozen, the target short of the frontier, either way",
                    PROMOTING, "= promoted: fenced from the fence on, it dies out of the commit's way either way",
                    REPOINTING, "= promoted: fenced, the target promoted, either way"),
            Fault.SIBLING_DOWN, Map.of(
                    BEFORE_FREEZE, "= frozen: " + MDB_UNTOUCHED, CATCHING_UP, "= frozen: " + MDB_UNTOUCHED,
                    FORCE_PROMPT, "= frozen: " + MDB_UNTOUCHED, OLD_PRIMARY_STOPPED, "= frozen: " + MDB_UNTOUCHED,
                    PROMOTING, "= frozen: " + MDB_UNTOUCHED, PROMOTED, "= frozen: " + MDB_UNTOUCHED));

    /** Why the cell is not run on PostgreSQL ("n/a: ..." or "= step: ..."), or empty when it runs. */
    static Optional<String> notRunOnPostgres(Fault fault, Step step) {
        Optional<String> na = fault.notOnPostgres(step).map(r -> "n/a: " + r);
        return na.isPresent() ? na : Optional.ofNullable(PG_SAME.getOrDefault(fault, Map.of()).get(step));
    }

    static Optional<String> notRunOnMariaDb(Fault fault, Step step) {
        Optional<String> na = fault.notOnMariaDb(step).map(r -> "n/a: " + r);
        return na.isPresent() ? na : Optional.ofNullable(MDB_SAME.getOrDefault(fault, Map.of()).get(step));
    }
}
