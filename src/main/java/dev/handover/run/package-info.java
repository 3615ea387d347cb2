/**
 * One run service for the CLI and the console: a switchover from a planned request to its record.
 *
 * <p>{@link dev.handover.run.RunService#prepare} takes the cluster's transport toward the target (where
 * the backend's run lock and its check of the primary live) and opens the run's record, in the journal or
 * in memory, before anything is frozen: a run that cannot be recorded does not start, and a refused one
 * leaves no record. {@link dev.handover.run.PreparedRun#run} drives the coordinator with the caller's
 * hooks (its listener, Abort and force approval), the record hearing every event first.
 * {@link dev.handover.run.CompletedRun#finish} reads the topology back after a commit, closes the run's
 * sessions, adds a simulation's invariants and faults, and closes the record.
 *
 * <p>Around it, each written once for both callers: {@link dev.handover.run.HandoverPlanner} makes the request
 * from a reading (or says, typed, why none can be made); {@link dev.handover.run.ScheduledRun} writes a schedule
 * and fires or refuses it at its time; {@link dev.handover.run.FreezeLift} lifts a dead run's freeze and
 * acknowledges the run; {@link dev.handover.run.RepairRun} carries out an approved repair of a dead run's topology
 * and acknowledges it when every check holds; {@link dev.handover.run.RunEnd} is how a run ended.
 *
 * <p>What each caller keeps: flags, wording and exit codes (the CLI); the executor, the relay to the FX
 * thread and the force dialog (the console). Everything comes back as data; nothing here prints.
 *
 * <p>This room sits between {@code cluster}/{@code journal}/{@code core} and {@code ui}/{@code cli}; it
 * names no backend and asks the connection for capabilities ({@code simulation()},
 * {@code afterRunVerifier()}).
 */
package dev.handover.run;
