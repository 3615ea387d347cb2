/**
 * Training logic that holds for any scenario: the preflight ranking a drill is judged by
 * ({@link dev.handover.training.TargetRanking}) and the debrief after it
 * ({@link dev.handover.training.Debrief#of(dev.handover.journal.RunReport)}: timeline, freeze, writes lost,
 * target and mode verdicts, force-prompt timing, a score with its reasons). Pure and deterministic: a view
 * model can show a {@code Debrief}'s fields directly; {@link dev.handover.training.DebriefText} renders it as text.
 */
package dev.handover.training;
