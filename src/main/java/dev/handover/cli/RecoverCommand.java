package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.journal.DamagedLine;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.Recovery;
import dev.handover.journal.Who;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.CheckInfo;
import dev.handover.journal.RunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code recover [--journal DIR] [--acknowledge <run id> [--note TEXT]]}: runs that did not end cleanly
 * (the process died mid-run, or the outcome was unknown) with what to do about each; acknowledging one
 * appends a line saying it was dealt with. Exit 4 while any of them may still have writes frozen or
 * roles to verify, else 5 while a committed run left the topology degraded, so a script can stop on it.
 *
 * <p>{@code recover --release <run id>} lifts the freeze a dead run left on a real cluster, as the
 * console's start-up recovery can, after the backend checked that nothing was committed; on success the
 * run is acknowledged. Exit 0 when released (or already writable), 4 when refused or it failed, 1 for
 * a run that cannot be released from here (unknown id, a simulated cluster, a run that needs nothing).
 *
 * <p>{@code recover --repair <run id>} finishes what a run that died part-way left (after the freeze,
 * the old primary's shutdown or the promotion), from what the nodes show: see {@link TopologyRepairCommand}.
 */
final class RecoverCommand {
    private RecoverCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Backends backends)
            throws BadInput {
        return run(argv, out, err, defaultJournal, Terminal.system(), backends);
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Optional<Terminal> terminal,
                        Backends backends) throws BadInput {
        // --yes is the one flag without a value: approval of the plan for a script
        Args a = Args.parse("recover", argv, Set.of("journal", "acknowledge", "note", "release", "repair", "primary", "discard"),
                Set.of("yes"));
        boolean yes = a.has("yes");
        if ((yes || a.get("primary").isPresent() || a.get("discard").isPresent()) && a.get("repair").isEmpty()) {
            throw new BadInput("recover: --yes, --primary and --discard go with --repair <run id>");
        }
        Journal journal = JournalOption.open("recover", a.get("journal"), defaultJournal);
        if (a.get("note").isPresent() && a.get("acknowledge").isEmpty()) {
            throw new BadInput("recover: --note goes with --acknowledge <run id>");
        }
        if (a.get("release").isPresent() && a.get("acknowledge").isPresent()) {
            throw new BadInput("recover: --release acknowledges the run itself once released; give one of --release, --acknowledge");
        }
        try {
            if (a.get("repair").isPresent() && (a.get("release").isPresent() || a.get("acknowledge").isPresent())) {
                throw new BadInput("recover: --repair acknowledges the run itself once repaired; give one of --repair, "
                        + "--release, --acknowledge");
            }
            if (a.get("repair").isPresent()) {
                return TopologyRepairCommand.repair(a.required("repair"), journal, out, err, backends, new TopologyRepairCommand.Options(
                        a.get("primary"), yes, TopologyRepairCommand.Options.parseDiscards(a.get("discard")), terminal));
            }
            if (a.get("release").isPresent()) {
                return FreezeReleaseCommand.release(a.required("release"), journal, out, err, backends);
            }
            if (a.get("acknowledge").isPresent()) {
                String id = a.required("acknowledge");
                journal.acknowledge(id, Who.operator(), a.get("note").orElse("recovered by hand"));
                out.println("Run " + journal.find(id).id() + " acknowledged in " + journal.file() + ".");
                return ExitCode.OK;
            }
            JournalContents contents = journal.load();
            // A damaged line might have been a run that needs recovery: say so rather than "nothing to recover".
            for (DamagedLine d : contents.damaged()) {
                err.println("handover: damaged journal line " + d.message());
            }
            // Writes possibly frozen outrank a damaged line (4 before 1); a damaged journal alone is bad input.
            ExitCode readable = contents.damaged().isEmpty() ? ExitCode.OK : ExitCode.BAD_INPUT;
            List<Recovery> pending = journal.pendingRecoveries(backends::positionsOf);
            if (pending.isEmpty()) {
                out.println("Nothing to recover in " + journal.file() + (contents.damaged().isEmpty() ? "."
                        : " among the lines that could be read; check the damaged line(s) reported above."));
                return readable;
            }
            java.util.Map<String, List<String>> seen = new java.util.HashMap<>();
            for (Recovery r : pending) {
                print(out, r, journal, seen.computeIfAbsent(r.cluster(), c -> checkNow(c, backends)), backends);
            }
            return exit(pending, readable);
        } catch (IllegalArgumentException e) {
            throw new BadInput("recover: " + e.getMessage());
        } catch (IOException e) {
            throw new BadInput("recover: cannot use the journal " + journal.file() + ": " + IoText.why(e));
        }
    }

    /**
     * Writes possibly frozen, pools a run paused and never resumed (their clients wait as if frozen), or roles to
     * verify (4) outrank a degraded topology (5), which outranks the rest.
     */
    private static ExitCode exit(List<Recovery> pending, ExitCode readable) {
        if (pending.stream().anyMatch(r -> r.action() == RecoveryAction.RESUME_WRITES || r.action() == RecoveryAction.VERIFY_ROLES
                || !r.stillPaused().isEmpty())) {
            return ExitCode.UNKNOWN;
        }
        return pending.stream().anyMatch(r -> r.action() == RecoveryAction.CHECK_TOPOLOGY) ? ExitCode.DEGRADED : readable;
    }

    /** A degraded run's exact remaining steps and failed checks, as it recorded them. */
    private static void printTopology(PrintStream out, Recovery r) {
        if (r.action() != RecoveryAction.CHECK_TOPOLOGY) {
            return;
        }
        if (!r.remainingSteps().isEmpty()) {
            out.println("  Remaining steps, by hand:");
            for (int i = 0; i < r.remainingSteps().size(); i++) {
                out.println("    " + (i + 1) + ". " + r.remainingSteps().get(i));
            }
        }
        for (CheckInfo c : r.failedChecks()) {
            out.println("  " + (c.degrades() ? "FAILED  " : "note    ") + c.what()
                    + (c.seen() == null || c.seen().isEmpty() ? "" : " (" + c.seen() + ")"));
        }
    }

    /**
     * Asks the run's cluster, now, which node takes writes and which pools are held, so what {@code recover}
     * says of a freeze is what it saw (with the time), not what the record suggests. Empty for a cluster
     * that cannot be reopened from here (a simulation).
     */
    private static List<String> checkNow(String cluster, Backends backends) {
        if (cluster == null || !backends.reopenable(cluster)) {
            return List.of();
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        try (dev.handover.cluster.ClusterConnection c = Clusters.open(ClusterSpec.parse(cluster, backends), 1)) {
            java.util.Optional<dev.handover.cluster.WriteProbe> probe = c.writeProbe();
            if (probe.isEmpty()) {
                return List.of("cannot be asked from here which node takes writes; check the nodes by hand");
            }
            for (dev.handover.cluster.WriteProbe.NodeWrites n : probe.get().check()) {
                String at = "checked " + clock.format(n.checkedAt()) + " UTC";
                lines.add(switch (n.state()) {
                    case TAKES_WRITES -> n.node() + " takes writes (" + n.detail() + ", " + at + ")";
                    case FROZEN -> n.node() + " FROZEN, takes no writes (" + n.detail() + ", " + at + ")";
                    case STANDBY -> n.node() + " standby (" + n.detail() + ", " + at + ")";
                    case UNREACHABLE -> n.node() + " UNREACHABLE (" + n.detail() + ", " + at + ")";
                });
            }
            java.time.Instant now = java.time.Instant.now();
            for (dev.handover.cluster.ClientRouter router : c.status().routers()) {
                String at = "checked " + clock.format(now) + " UTC";
                if (router.error().isPresent()) {
                    lines.add(router.id() + " (" + router.kind() + ") cannot be read: " + router.error().get() + " (" + at + ")");
                }
                for (dev.handover.cluster.ClientRouter.Route route : router.routes()) {
                    lines.add(router.id() + "/" + route.database() + (route.held() ? " PAUSED, clients wait" : " not paused")
                            + " -> " + route.target() + " (" + at + ")");
                }
            }
        } catch (dev.handover.cluster.ClusterException | BadInput | RuntimeException e) {
            lines.add("the nodes could not be checked (" + e.getMessage() + "); nothing below is confirmed on them");
        }
        return List.copyOf(lines);
    }

    private static void print(PrintStream out, Recovery r, Journal journal, List<String> checked, Backends backends) {
        RunReport.RunInfo who = r.run().report().run();
        out.println("Run " + r.runId() + " on " + r.cluster() + ": " + r.primary() + " -> " + r.target() + " (term "
                + r.newTerm() + "), started " + (who.startedAt() == null ? "?" : DateTimeFormatter.ISO_INSTANT.format(who.startedAt()))
                + " by " + who.operator() + (r.run().finished() ? "" : ", UNFINISHED"));
        if (!checked.isEmpty()) {
            // what the nodes show now comes first; the record's advice after it, labelled as such
            out.println("  Now:");
            checked.forEach(line -> out.println("    " + line));
        }
        out.println("  " + switch (r.action()) {
            case RESUME_WRITES -> "RESUME WRITES on " + r.primary() + ": ";
            case VERIFY_ROLES -> "VERIFY ROLES: ";
            case CHECK_TOPOLOGY -> "TOPOLOGY DEGRADED: ";
            case NONE -> "";
        } + (checked.isEmpty() ? "" : "from the run's record: ") + r.advice());
        printTopology(out, r);
        if (!r.stillPaused().isEmpty()) {
            out.println("  Paused by the run, not seen resumed (clients may wait): " + String.join(", ", r.stillPaused()));
        }
        if (backends.reopenable(r.cluster()) && (r.action() != RecoveryAction.NONE || !r.stillPaused().isEmpty())) {
            // A real cluster can be finished from here: the freeze lifted, or the topology brought together.
            boolean release = r.action() == RecoveryAction.RESUME_WRITES
                    || r.action() == RecoveryAction.NONE && !r.run().commitBegun();
            out.println("  From here: handover recover --journal " + journal.directory() + (release
                    ? " --release " : " --repair ") + r.runId());
        }
        out.println("  When done: handover recover --journal " + journal.directory() + " --acknowledge " + r.runId());
        out.println();
    }
}
