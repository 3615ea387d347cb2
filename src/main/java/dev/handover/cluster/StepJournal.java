package dev.handover.cluster;

import java.io.IOException;

/**
 * Where a backend records the steps it takes around the cluster during a run (a connection pooler's PAUSE,
 * its retarget, its RESUME), so a run that dies mid-way leaves them on the record for recovery: an intent
 * written durably before each step, an event with what was seen after it. The run service hands the run's
 * journal to a transport that takes such steps ({@link JournaledSteps}); without a journal it is {@link #NONE}.
 *
 * <p>A step that holds clients ({@link #PAUSE}) is not taken when its intent cannot be written; a step that
 * lets them go ({@link #RETARGET}, {@link #RESUME}) is taken all the same (refusing it would keep them held).
 */
public interface StepJournal {
    /** Clients of {@code subject} (e.g. {@code pgb1/app}) held: queued, their sessions kept. */
    String PAUSE = "pause";
    /** {@code subject} pointed at another node (e.g. {@code pgb1 -> pg2}). */
    String RETARGET = "retarget";
    /** Clients of {@code subject} let go again. */
    String RESUME = "resume";

    /**
     * Records, forced to disk, that {@code step} is about to be taken on {@code subject}.
     *
     * @throws IOException when it could not be recorded: a step that holds clients must not be taken then
     */
    void intent(String step, String subject) throws IOException;

    /** Records that {@code step} took effect on {@code subject}, with what was seen; never throws. */
    void done(String step, String subject, String seen);

    /** Records that {@code step} failed or did not take effect on {@code subject}, with what was seen; never throws. */
    void failed(String step, String subject, String seen);

    /** No journal: nothing recorded, nothing refused. */
    StepJournal NONE = new StepJournal() {
        @Override
        public void intent(String step, String subject) {
        }

        @Override
        public void done(String step, String subject, String seen) {
        }

        @Override
        public void failed(String step, String subject, String seen) {
        }
    };
}
