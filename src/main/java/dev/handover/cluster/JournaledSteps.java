package dev.handover.cluster;

/**
 * A transport that takes steps of its own around the cluster (a connection pooler's PAUSE, retarget and
 * RESUME) and records them in the run's journal. The run service hands it the journal right after the
 * transport is made and the run's record opened, before anything is paused or frozen.
 */
public interface JournaledSteps {

    /** Record every later step in {@code journal}. */
    void journalStepsIn(StepJournal journal);
}
