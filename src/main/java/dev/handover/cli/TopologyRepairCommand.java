package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.TopologyRepair;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.run.RepairRun;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code recover --repair <run id> [--primary NODE] [--yes] [--discard NODE:COUNT,...]}: finishes what a
 * run that died part-way left on a real cluster, from what the nodes show now. It first prints its plan
 * — what every node is and becomes, the primary and why, the steps, and what would be discarded, counted
 * — and changes nothing until that plan is approved: on a terminal by a typed answer (the primary's
 * name, or the discard itself, when anything is discarded or two nodes are or may become writable; else
 * y), in a script by {@code --yes}, which still refuses a loss unless {@code --discard} names exactly each
 * node and count the plan discards. The backend plans again when it acts and refuses when the count moved.
 * Every step is journaled under the run as an intent and an event; the approval and its count too.
 *
 * <p>Exit 0 when repaired (the run is acknowledged), 5 when steps or failed checks remain, 4 when no
 * primary could be settled on or the repair refused from what the nodes show, 6 when the plan was shown
 * and not approved (declined, no terminal and no --yes, or a loss --discard does not approve), 1 for a run
 * that cannot be repaired from here.
 */
final class TopologyRepairCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Who repaired, in the journal's note. */
    static final String WHERE = "recover --repair";

    private TopologyRepairCommand() {
    }

    /** What the operator said on the command line about the plan they have not seen yet. */
    record Options(Optional<String> primary, boolean yes, Map<String, Long> discards, Optional<Terminal> terminal) {
        /** {@code pg2:272,pg3:0}; {@code unknown} for a count the plan could not make. */
        static Map<String, Long> parseDiscards(Optional<String> flag) throws BadInput {
            Map<String, Long> out = new LinkedHashMap<>();
            if (flag.isEmpty()) {
                return out;
            }
            for (String part : flag.get().split(",")) {
                int colon = part.lastIndexOf(':');
                if (colon <= 0 || colon == part.length() - 1) {
                    throw new BadInput("recover: --discard takes NODE:COUNT[,NODE:COUNT...] as the plan shows it, e.g. "
                            + "--discard pg2:272; got \"" + part + "\"");
                }
                String count = part.substring(colon + 1).trim();
                try {
                    out.put(part.substring(0, colon).trim(), RepairPlan.UNKNOWN_COUNT.equals(count) ? -1L : Long.parseLong(count));
                } catch (NumberFormatException e) {
                    throw new BadInput("recover: --discard " + part + ": the count must be a whole number (or unknown)");
                }
            }
            return out;
        }
    }

    static ExitCode repair(String runId, Journal journal, PrintStream out, PrintStream err, Backends backends, Options options)
            throws BadInput, IOException {
        JournaledRun run = journal.find(runId);
        String name = run.cluster() == null ? "" : run.cluster();
        ClusterSpec spec = ClusterSpec.parse(name, backends);
        if (spec.simulated()) {
            throw new BadInput("recover: run " + run.id() + " was on the simulated cluster " + name + ", which ended with "
                    + "its process: there is nothing to repair");
        }
        RunReport.RequestInfo q = run.report().request();
        try (ClusterConnection cluster = Clusters.open(spec, 1)) {
            TopologyRepair repair = cluster.topologyRepair().orElseThrow(() -> new BadInput("recover: " + name
                    + " cannot be repaired from here; check its roles by hand"));
            out.println("Run " + run.id() + " on " + name + ": " + q.oldPrimary() + " -> " + q.target() + " (term "
                    + q.currentTerm() + " -> " + q.newTerm() + "), " + run.result() + "; planning the repair from what the nodes show");
            RepairPlan plan = repair.plan(options.primary());
            String checked = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(CLOCK);
            print(out, plan, checked);
            if (!plan.actionable()) {
                out.println("NOT REPAIRED, nothing was changed: " + String.join("; ", plan.refusals()));
                return ExitCode.UNKNOWN;
            }
            Optional<RepairApproval> approval = approve(plan, options, out, err);
            if (approval.isEmpty()) {
                return ExitCode.NO_GO;
            }
            RepairRun.Repaired repaired = RepairRun.carryOut(repair, plan, approval.get(), Optional.of(journal), run.id(), WHERE);
            AfterRun result = repaired.afterRun();
            if (!result.done().isEmpty()) {
                out.println("Done:");
                result.done().forEach(s -> out.println("  " + s.text()));
            }
            RunPrinter.verificationLines(new VerificationInfo(List.of(), result.remaining(),
                    VerificationInfo.of(result).checks())).forEach(out::println);
            if (repaired.verdict() != RepairRun.Verdict.REPAIRED) {
                out.println("NOT REPAIRED: " + (repaired.primarySettled() ? "the topology is still degraded"
                        : "no primary could be settled on")
                        + "; once sorted out: handover recover --journal " + journal.directory() + " --acknowledge " + run.id());
                return repaired.verdict() == RepairRun.Verdict.DEGRADED ? ExitCode.DEGRADED : ExitCode.UNKNOWN;
            }
            if (repaired.notRecorded().isPresent()) {
                throw repaired.notRecorded().get();
            }
            out.println("Repaired: every check holds. Run " + run.id() + " acknowledged in " + journal.file() + ".");
            return ExitCode.OK;
        }
    }

    /** The approval the operator gave for {@code plan}; empty (with one message why) when none was given. */
    private static Optional<RepairApproval> approve(RepairPlan plan, Options options, PrintStream out, PrintStream err) {
        String flag = plan.discardList();
        if (options.yes()) {
            for (String node : options.discards().keySet()) {
                if (plan.discards().stream().noneMatch(d -> d.node().equals(node))) {
                    err.println("handover: recover: --discard names " + node + ", but the plan discards nothing on " + node
                            + "; nothing was changed");
                    return Optional.empty();
                }
            }
            RepairApproval a = new RepairApproval(options.primary(), options.discards(), Who.operator(), true);
            Optional<String> gap = a.gap(plan);
            if (gap.isPresent()) {
                err.println("handover: recover: NOT APPROVED, nothing was changed: " + gap.get()
                        + (flag.isEmpty() ? "" : "; to accept exactly this loss add --discard " + flag));
                return Optional.empty();
            }
            return Optional.of(a);
        }
        if (options.terminal().isEmpty()) {
            err.println("handover: recover: no terminal to confirm the plan on, and no --yes; nothing was changed. Run it on a "
                    + "terminal, or add --yes" + (flag.isEmpty() ? "" : " --discard " + flag) + " to approve the plan above");
            return Optional.empty();
        }
        Terminal t = options.terminal().get();
        String word = plan.confirmationWord().orElse("");
        Optional<String> answer = plan.needsTypedConfirmation()
                ? t.ask("Type \"" + word + "\" to carry out this plan (anything else changes nothing): ")
                : t.ask("Carry out this plan? [y/N] ");
        boolean yes = answer.map(String::trim).filter(a -> plan.needsTypedConfirmation() ? a.equals(word)
                : a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes")).isPresent();
        if (!yes) {
            out.println("Not confirmed: nothing was changed.");
            return Optional.empty();
        }
        return Optional.of(RepairRun.approvalOf(plan));
    }

    static void print(PrintStream out, RepairPlan plan, String checked) {
        out.println("Nodes now (checked " + checked + " UTC) and what the repair makes of them:");
        for (RepairPlan.NodeFate f : plan.nodes()) {
            out.println("  " + f.now());
            out.println("      -> " + f.becomes());
        }
        plan.primary().ifPresent(p -> out.println("Primary: " + p + ": " + plan.why()));
        if (!plan.hazards().isEmpty()) {
            out.println("HAZARDS:");
            plan.hazards().forEach(h -> out.println("  ! " + h));
        }
        if (plan.actionable()) {
            out.println("Steps:");
            for (int i = 0; i < plan.steps().size(); i++) {
                out.println("  " + (i + 1) + ". " + plan.steps().get(i));
            }
            if (plan.discards().isEmpty()) {
                out.println("Discards: nothing; no node holds WAL or transactions " + plan.primary().get() + " lacks.");
            } else {
                out.println("WOULD DISCARD (acknowledged writes lost; approve with --discard " + plan.discardList() + "):");
                plan.discards().forEach(d -> out.println("  " + d.text()));
            }
        }
        for (RepairPlan.Alternative a : plan.alternatives()) {
            out.println("Instead, --primary " + a.node() + " would discard " + (a.discards().isEmpty() ? "nothing"
                    : String.join("; ", a.discards().stream().map(RepairPlan.Discard::text).toList())));
        }
    }
}
