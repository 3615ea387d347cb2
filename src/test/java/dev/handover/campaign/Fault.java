package dev.handover.campaign;

import java.util.Optional;

/**
 * What the campaign does to the cluster at a step. Each knows where it cannot happen (the reason is the
 * table's "n/a"): a walreceiver the target no longer has once promoted, an old primary the run has stopped.
 */
enum Fault {
    KILL_HANDOVER("kill -9 of handover"),
    RECEIVER_STOPPED("target's walreceiver / IO thread stopped, resumed during the run"),
    RECEIVER_STOPPED_UNTIL_REPAIR("target's walreceiver stopped, resumed only after a first repair"),
    REPLAY_PAUSED("target's replay paused / SQL thread stopped"),
    TARGET_KILLED("target's server killed"),
    OLD_PRIMARY_KILLED("old primary killed"),
    SIBLING_DOWN("a sibling down"),
    BOUNCER_KILLED("the bouncer killed");

    final String label;

    Fault(String label) {
        this.label = label;
    }

    /** Why this fault cannot happen at {@code step} on PostgreSQL, or empty when it can. */
    Optional<String> notOnPostgres(Step step) {
        return switch (this) {
            case RECEIVER_STOPPED, RECEIVER_STOPPED_UNTIL_REPAIR, REPLAY_PAUSED -> step.ordinal() >= Step.PROMOTING.ordinal()
                    ? Optional.of("the target has been asked to promote: its walreceiver and replay are ending or gone")
                    : Optional.empty();
            case OLD_PRIMARY_KILLED -> step.ordinal() >= Step.OLD_PRIMARY_STOPPED.ordinal() && step != Step.VERIFYING
                    ? Optional.of("the run has shut the old primary down cleanly at this step")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Why not on MariaDB (no bouncer; the IO and SQL threads are the receiver and replay). */
    Optional<String> notOnMariaDb(Step step) {
        return switch (this) {
            case BOUNCER_KILLED -> Optional.of("no pooler in front of MariaDB");
            case RECEIVER_STOPPED, RECEIVER_STOPPED_UNTIL_REPAIR, REPLAY_PAUSED -> step.ordinal() >= Step.PROMOTING.ordinal()
                    ? Optional.of("the promotion has stopped the target's replication threads itself")
                    : Optional.empty();
            case OLD_PRIMARY_KILLED -> Optional.empty();
            default -> Optional.empty();
        };
    }
}
