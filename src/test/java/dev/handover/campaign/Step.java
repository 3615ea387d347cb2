package dev.handover.campaign;

/**
 * The steps of a run at which the campaign injects a fault, each with the fault point a run reaches there
 * ({@code dev.handover.cluster.FaultPoint}) on PostgreSQL and on MariaDB.
 */
enum Step {
    BEFORE_FREEZE("before the freeze", "before-freeze", "before-freeze"),
    FROZEN("frozen", "frozen", "frozen"),
    CATCHING_UP("catching up", "catching-up", "catching-up"),
    FORCE_PROMPT("at the force prompt", "force-prompt", "force-prompt"),
    OLD_PRIMARY_STOPPED("old primary stopped", "after-old-primary-stopped", "mariadb-after-fence"),
    PROMOTING("target promoting", "promoting", "promoting"),
    PROMOTED("promoted", "after-promotion", "mariadb-after-promotion"),
    REPOINTING("re-pointing", "re-pointing", "re-pointing"),
    VERIFYING("verifying", "verifying", "verifying");

    final String label;
    final String pgPoint;
    final String mariaDbPoint;

    Step(String label, String pgPoint, String mariaDbPoint) {
        this.label = label;
        this.pgPoint = pgPoint;
        this.mariaDbPoint = mariaDbPoint;
    }

    /** The target lags at the freeze, so that the run waits (catching up) or reaches the force prompt. */
    boolean needsLag() {
        return this == CATCHING_UP || this == FORCE_PROMPT;
    }

    /** Before the commit: the old primary still runs (frozen or not), nothing promoted. */
    boolean beforeCommit() {
        return ordinal() <= FORCE_PROMPT.ordinal();
    }
}
