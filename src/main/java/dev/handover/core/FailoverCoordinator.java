package dev.handover.core;

import java.time.Duration;

/**
 * The coordinated zero-RPO failover state machine, ported from RedDB's {@code failover.rs}.
 *
 * <p>Freeze writes on the primary and capture the frontier; if the target already covers it, hand
 * over at once; otherwise poll the target's durable frontier until it covers the frontier or the
 * deadline passes. Coordinated: on timeout resume writes and commit nothing. Force: on timeout hand
 * over anyway and report the skipped LSNs. Beyond the reference: progress events, an optional force
 * approval, the operator's cancel, and transport faults that never leave writes frozen silently.
 */
public final class FailoverCoordinator {
    private FailoverCoordinator() {
    }

    /** The reference's behaviour: no listener, no approval prompt, no cancel. */
    public static FailoverOutcome run(FailoverRequest req, FailoverTransport tx) throws FailoverException {
        return run(req, tx, RunHooks.none());
    }

    /**
     * Execute the handover described by {@code req}, driving the cluster through {@code tx}.
     *
     * @return the outcome once the term has been handed over (cleanly, or forced past a lagging target)
     * @throws CatchUpTimedOut             coordinated run whose target never caught up; writes resumed
     * @throws HandoverAborted             cancelled, force declined or lapsed, poll or freeze failed; writes resumed
     * @throws OutcomeUnknownException     the commit failed part-way; writes deliberately not resumed
     * @throws WritesStillFrozenException  an abort whose resume failed: the old primary is still frozen
     */
    public static FailoverOutcome run(FailoverRequest req, FailoverTransport tx, RunHooks hooks)
            throws FailoverException {
        return new Run(req, tx, hooks).execute();
    }

    /** One execution; holds the little state a run has so the steps read top to bottom. */
    private static final class Run {
        private final FailoverRequest req;
        private final FailoverTransport tx;
        private final RunHooks hooks;
        private long frontier;
        private long reached;
        /** Whether {@code reached} is a reading taken in this run rather than the request's hint. */
        private boolean polled;

        Run(FailoverRequest req, FailoverTransport tx, RunHooks hooks) {
            this.req = req;
            this.tx = tx;
            this.hooks = hooks;
            this.reached = req.targetFrontierHint();
        }

        FailoverOutcome execute() throws FailoverException {
            freeze();

            // Fast path: the target was already at/past the frontier when we froze.
            if (req.targetFrontierHint() >= frontier) {
                return commit(frontier, Duration.ZERO);
            }

            // Bounded wait: poll until the target covers the frozen LSN or the deadline elapses.
            Duration deadline = req.mode().deadline();
            while (tx.elapsed().compareTo(deadline) < 0) {
                stopIfCancelled("during catch-up");
                poll(deadline.minus(tx.elapsed()));
                if (reached >= frontier) {
                    return commit(reached, tx.elapsed());
                }
            }

            // An Abort that came with the last reading wins over the deadline: the operator asked first.
            stopIfCancelled("during catch-up");

            // Deadline blown: coordinated aborts, force hands over (after asking, if a prompt is wired).
            Duration waited = tx.elapsed();
            if (!req.mode().isForce()) {
                throw abort(AbortReason.CATCH_UP_TIMED_OUT, null, null);
            }
            if (!polled) {
                // No reading yet (a zero timeout): the hint may be stale, and a forced commit must report
                // the LSNs it really skips, so read the target once before asking or handing over.
                poll(Duration.ZERO);
                waited = tx.elapsed();
                stopIfCancelled("during catch-up");
            }
            if (hooks.approval().isPresent() && frontier > reached) {
                askApproval(hooks.approval().get());
                stopIfCancelled("while the force prompt was open");
                // The approved commit reports the freshest reading, not the one the operator saw.
                poll(Duration.ZERO);
                waited = tx.elapsed();
            }
            return commit(reached, waited);
        }

        /** The operator's Abort ends the run at once: no further reading, no force prompt. */
        private void stopIfCancelled(String when) throws FailoverException {
            if (hooks.cancellation().isCancelled()) {
                throw abort(AbortReason.CANCELLED, "the operator aborted " + when, null);
            }
        }

        private void freeze() throws FailoverException {
            try {
                frontier = tx.freezePrimary();
            } catch (TransportException | RuntimeException e) {
                // The transport's contract: a freeze that throws changed nothing.
                String message = "could not freeze writes on primary " + req.oldPrimary().id() + ": " + describe(e)
                        + "; nothing was frozen or committed"; // whether it takes writes now is for status to see
                emit(new HandoverEvent.Aborted(tx.elapsed(), AbortReason.FREEZE_FAILED, 0, reached, message));
                throw new HandoverAborted(AbortReason.FREEZE_FAILED, 0, reached, message, e);
            }
            if (frontier < 0) {
                long bad = frontier;
                frontier = 0;
                throw abort(AbortReason.FREEZE_FAILED, "primary reported a negative frontier LSN " + bad, null);
            }
            emit(new HandoverEvent.Frozen(tx.elapsed(), frontier));
        }

        /** Every wait and the commit start with a renewed lease: writes must still be frozen at the frontier. */
        private void renewLease() throws FailoverException {
            try {
                tx.renewFreezeLease();
            } catch (TransportException | RuntimeException e) {
                throw abort(AbortReason.LEASE_LOST, describe(e), e);
            }
        }

        /**
         * One reading, waiting at most {@code remaining} for the target to cover the frontier. Zero
         * (past the deadline, after the prompt) reads at once: writes stay frozen for the deadline and
         * one read, never for another poll interval.
         */
        private void poll(Duration remaining) throws FailoverException {
            renewLease();
            long reading;
            try {
                reading = tx.awaitTargetFrontier(frontier, remaining);
            } catch (TransportException | RuntimeException e) {
                throw abort(AbortReason.POLL_FAILED, describe(e), e);
            }
            if (reading < 0) {
                throw abort(AbortReason.POLL_FAILED, "target reported a negative LSN " + reading, null);
            }
            // A reading taken after the freeze lapsed measures a frontier that moved on: it is no reading of
            // this one, so it is neither recorded nor committed on.
            renewLease();
            reached = reading;
            polled = true;
            emit(new HandoverEvent.Polled(tx.elapsed(), reached, frontier));
        }

        private void askApproval(ForceApproval approval) throws FailoverException {
            long skipped = frontier - reached;
            Duration window = approval.window();
            Duration askedAt = tx.elapsed();
            emit(new HandoverEvent.AwaitingApproval(askedAt, frontier, reached, skipped, window));
            ForceDecision decision;
            try {
                decision = approval.decide(new ForcePrompt(req, frontier, reached, skipped, window));
            } catch (RuntimeException e) {
                decision = ForceDecision.DECLINE; // a broken prompt must never approve a loss
            }
            if (decision == null || tx.elapsed().minus(askedAt).compareTo(window) > 0) {
                decision = ForceDecision.LAPSED;
            }
            emit(new HandoverEvent.ApprovalDecided(tx.elapsed(), decision));
            switch (decision) {
                case APPROVE -> { }
                case DECLINE -> throw abort(AbortReason.FORCE_DECLINED,
                        "the operator declined to skip " + skipped + " LSN", null);
                case LAPSED -> throw abort(AbortReason.FORCE_APPROVAL_LAPSED,
                        "no answer within " + Durations.format(window), null);
            }
        }

        private FailoverOutcome commit(long reachedLsn, Duration waited) throws FailoverException {
            // A lease that lapsed during the last wait or the force prompt is found here, as a clean
            // abort, rather than by a commit that fails and leaves the outcome looking unknown.
            renewLease();
            // Whatever would lift the freeze by itself stands down before the point of no return; if it
            // already lifted it, nothing is committed and the run aborts with writes resumed.
            try {
                tx.endFreezeLease();
            } catch (TransportException | RuntimeException e) {
                throw abort(AbortReason.LEASE_LOST, describe(e), e);
            }
            if (!hooks.cancellation().beginCommit()) {
                throw abort(AbortReason.CANCELLED, "the operator aborted before the commit began", null);
            }
            long newTerm = req.newTerm();
            java.util.concurrent.atomic.AtomicBoolean committing = new java.util.concurrent.atomic.AtomicBoolean(true);
            try {
                tx.reportCommitStepsTo(step -> {
                    // From the transport's threads too: one at a time, and none after the commit returned (the
                    // terminal event stays last).
                    synchronized (committing) {
                        if (committing.get()) {
                            emit(new HandoverEvent.CommitStep(tx.elapsed(), step));
                        }
                    }
                });
            } catch (RuntimeException e) {
                // progress is a courtesy: the commit goes ahead without it
            }
            try {
                try {
                    tx.commitHandover(newTerm);
                } finally {
                    synchronized (committing) {
                        committing.set(false);
                    }
                }
            } catch (CommitWithdrawnException e) {
                // Known, not unknown: nothing was handed over and the old primary is the primary again.
                throw abort(AbortReason.COMMIT_WITHDRAWN, describe(e), e);
            } catch (TransportException | RuntimeException e) {
                String message = "outcome unknown: committing term " + newTerm + " to " + req.target().id()
                        + " failed part-way (" + describe(e) + "). Writes were NOT resumed on "
                        + req.oldPrimary().id() + " because roles may already have changed. Verify which node is "
                        + "primary and under which term: if " + req.target().id() + " serves term " + newTerm
                        + ", finish demoting " + req.oldPrimary().id() + "; if not, resume writes on "
                        + req.oldPrimary().id() + " (" + req.oldPrimary().addr() + ") by hand.";
                emit(new HandoverEvent.OutcomeUnknown(tx.elapsed(), newTerm, frontier, reachedLsn, message));
                throw new OutcomeUnknownException(newTerm, message, e);
            }
            long held = reachedLsn < frontier ? heldAtHandover(reachedLsn) : reachedLsn;
            long skipped = Math.max(0, frontier - held);
            FailoverOutcome outcome = new FailoverOutcome(newTerm, frontier, held, skipped, skipped > 0,
                    waited, RoleAssignment.swap(req));
            emit(new HandoverEvent.Committed(tx.elapsed(), outcome));
            return outcome;
        }

        /** A forced commit counts what the new primary holds, when the transport can tell, not the last reading. */
        private long heldAtHandover(long lastReading) {
            try {
                return tx.heldAtHandover().orElse(lastReading);
            } catch (RuntimeException e) {
                return lastReading; // committed all the same; the count falls back on the reading
            }
        }

        /** Resume writes and build the exception that ends the run; never returns normally. */
        private FailoverException abort(AbortReason reason, String detail, Throwable cause) {
            Duration waited = tx.elapsed();
            try {
                tx.resumePrimary();
            } catch (TransportException | RuntimeException e) {
                FailoverNode p = req.oldPrimary();
                String message = "WRITES ARE STILL FROZEN on primary " + p.id() + " (" + p.addr() + "): the run aborted ("
                        + reason.description() + (detail == null ? "" : ": " + detail) + ") and resuming writes failed: "
                        + describe(e) + ". Nothing was committed; resume writes on " + p.id() + " by hand.";
                emit(new HandoverEvent.StillFrozen(tx.elapsed(), reason, frontier, reached, message));
                return new WritesStillFrozenException(p, message, e);
            }
            emit(new HandoverEvent.Resumed(tx.elapsed()));
            if (reason == AbortReason.CATCH_UP_TIMED_OUT) {
                CatchUpTimedOut timedOut = new CatchUpTimedOut(frontier, reached, waited);
                emit(new HandoverEvent.Aborted(tx.elapsed(), reason, frontier, reached, timedOut.getMessage()));
                return timedOut;
            }
            String message = "handover aborted: " + reason.description() + (detail == null ? "" : " (" + detail + ")")
                    + "; target reached LSN " + reached + " of " + frontier + "; writes resumed on the old primary, "
                    + "nothing committed, no write lost";
            emit(new HandoverEvent.Aborted(tx.elapsed(), reason, frontier, reached, message));
            return new HandoverAborted(reason, frontier, reached, message, cause);
        }

        private void emit(HandoverEvent event) {
            try {
                hooks.listener().on(event);
            } catch (RuntimeException ignored) {
                // A broken listener (a chart, a journal) must not strand a run with writes frozen.
            }
        }

        private static String describe(Throwable e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
