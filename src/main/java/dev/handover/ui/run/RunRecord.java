package dev.handover.ui.run;

import dev.handover.journal.RunReport;

import java.util.Optional;

/**
 * A finished console run as recorded: its report (what the debrief is built from, with the faults the
 * simulator took while it ran, injected or scripted) and, when a journal took it, the line saying where it
 * went or what went wrong writing it.
 *
 * @param journalTrouble whether {@code journalLine} says the journal missed part of the run (shown as a warning)
 */
public record RunRecord(RunReport report, Optional<String> journalLine, boolean journalTrouble) {
}
