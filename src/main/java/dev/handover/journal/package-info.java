/**
 * Run records: every run, console or headless, in an append-only journal.
 *
 * <p>For a caller (the CLI today, the console's view models next):
 * <ul>
 *   <li>where: {@link dev.handover.journal.Journal#at(java.nio.file.Path)}, or
 *       {@link dev.handover.journal.Journal#atDefaultLocation()} ({@link dev.handover.journal.JournalLocation});</li>
 *   <li>recording a run: {@link dev.handover.journal.RunRecording#start} before anything is frozen, its
 *       {@code listener()} and {@code watch(tx)} handed to the coordinator, {@code finish(invariants)} at the end;</li>
 *   <li>history: {@link dev.handover.journal.Journal#load()} gives the runs
 *       ({@link dev.handover.journal.JournaledRun}: time, cluster, target, mode, result, skipped, events to
 *       replay) and the damaged lines ({@link dev.handover.journal.DamagedLine}, file:line and why);</li>
 *   <li>recovery at start: {@link dev.handover.journal.Journal#pendingRecoveries()} (or just
 *       {@code unfinishedRuns()}), each a {@link dev.handover.journal.Recovery} with its
 *       {@link dev.handover.journal.RecoveryAction} and advice; {@code acknowledge(...)} appends that it was dealt with;</li>
 *   <li>export: {@link dev.handover.journal.Journal#export(String, java.nio.file.Path)}.</li>
 * </ul>
 * Everything here is plain Java and blocking file I/O: call it off the FX thread.
 */
package dev.handover.journal;
