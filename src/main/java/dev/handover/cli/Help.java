package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;

import java.util.List;

/**
 * The usage text of the headless command. The cluster addresses it lists are the installed engines', from the
 * registry the CLI's entry hands in: a new engine shows up here without a line of its own.
 */
final class Help {
    private static final String TEXT = """
            Usage: handover <command> [flags]   (from a build: java -jar target/handover.jar <command> [flags])

            Commands:
              status    --cluster ADDRESS [--seed N]
                        Print the cluster's nodes. Exit 0 every node healthy with one primary;
                        5 a node degraded or unreachable, or no primary; 7 split brain (two or
                        more nodes take writes).
              run       --cluster ADDRESS --target <node id>
                        --mode coordinated|force
                        --deadline <duration> [--poll <duration>] [--force-approval approve|decline]
                        [--freeze-budget <duration>] [--seed N] [--report <file.json>] [--journal DIR]
                        [--expect-primary <node id>] [--expect-term N] [--hooks <file.json>]
                        [--at 18:30 | 2026-12-01T18:30 | 2026-12-01T17:30:00Z] [--run-anyway]
                        [--operator NAME] [--reason TEXT] [--ticket ID]
              run       --plan <id> --cluster ... [--journal DIR] [the other flags above]
                        Hand the primary role to the target: in virtual time on a simulated
                        cluster, for real on {real}.
                        The preflight is printed first; its write-freeze line passes up to half the
                        freeze budget (default 5s), warns up to all of it and fails above it, and a
                        failing preflight lists what would pass. A run whose preflight fails is
                        refused, nothing frozen (exit 6), unless --run-anyway (the record keeps it).
                        Force asks before it commits: on a terminal for the target's id typed, with
                        the loss stated; in a script by --force-approval; with neither, refused (1).
                        While frozen: progress (bytes to go, apply rate, ETA, deadline left).
                        --expect-*: refused (nothing frozen) unless that is the primary now.
                        --hooks: commands run before (a failure vetoes: nothing frozen, exit 2),
                        after, or on abort, and webhooks told of each; see docs/cli.md.
                        --at: wait (at most 7 days) and fire then, if the cluster is still as planned
                        (primary, term, target, preflight, probes); else refused, exit 6.
                        --plan: run a plan recorded by `plan` (target, mode, deadline, poll and
                        freeze budget from it; a flag saying otherwise is refused) if it was a go,
                        is at most 24h old and the cluster is still as planned (primary, term, each
                        node's role and health, preflight, probes); else refused, exit 6.
                        --operator (default user@host), --reason, --ticket (CHG-1234): who asks and
                        why, kept in the record, plan and schedule, told to hooks, listed by history;
                        run --plan takes the plan's reason and ticket unless given.
                        One run at a time per cluster: a second is refused, naming the first.
                        Every run is recorded in the journal; on a simulated cluster a debrief follows.
              cancel    [ID] [--journal DIR]
                        Cancel a scheduled run before it fires; without ID, list those waiting.
              scenarios List the built-in simulated clusters.
              history   [--journal DIR] [--export <run id> <file.json>] [--show <run id>]
                        List the recorded runs (damaged journal lines are reported on stderr, exit 1),
                        write one run's record as JSON, or show its timeline and debrief.
              recover   [--journal DIR] [--acknowledge <run id> [--note TEXT]] [--release <run id>]
                        [--repair <run id> [--primary NODE] [--yes] [--discard NODE:COUNT,...]]
                        Show runs that did not end cleanly and what to do (resume writes, verify
                        roles); exit 4 while any needs action. --acknowledge marks one as dealt with.
                        --release lifts a dead run's freeze on a real cluster once it shows
                        nothing was committed, and acknowledges it (exit 0; 4 when it refuses).
                        Before it speaks it checks every node (and pool): "pg2 takes writes (checked …)".
                        --repair finishes a run that died part-way from what the nodes show: it prints
                        its plan (nodes, primary and why, steps, what would be discarded, counted) and
                        asks on a terminal (typed when anything is discarded or two nodes may be
                        writable); scripts give --yes, and --discard NODE:COUNT for exactly each loss.
                        Exit 0 repaired and acknowledged; 5 steps remain; 4 refused or no primary;
                        6 plan not approved (nothing changed).
              plan      the same flags as run
                        Check and probe a run without making it: the preflight, read-only probes
                        of the cluster and the steps it would take. Exit 0 go, 6 no-go; nothing
                        changed. The plan is recorded in plans.jsonl beside the journal, its id
                        printed for run --plan.
            {probes}
              metrics   [--journal DIR] [--output FILE]
                        Print the journal's runs as Prometheus metrics (text format, for
                        node_exporter's textfile collector): runs by result, write-freeze
                        histogram, skipped positions, lost writes, the last run per cluster, runs
                        needing recovery. --output writes FILE whole (temp file, then a rename).
              console   [--scenario=NAME|FILE | --cluster=ADDRESS] [--speed=X] [--seed=N]
                        [--journal=DIR] [--hooks=FILE]
                        Open the console (a window: needs a display; without one it says so, exit 1).
              completion
                        Print a bash completion script: source <(handover completion).
              help      Show this text; `handover <command> --help` shows one command's flags.

            Cluster addresses (--cluster ADDRESS):
            {addresses}
            Durations: 500ms, 5s, 1.5s, 1m, 2m30s; a number needs its unit (only 0 goes without).
            --deadline 0 to 10m; --poll 10ms to 1m, default 100ms (the console's form takes the same);
            --freeze-budget up to 10m, default 5s (given, it is a limit); --seed defaults to 1.

            The journal lives in $XDG_DATA_HOME/handover/journal (else ~/.local/share/handover/journal)
            unless --journal DIR names another directory.

            Exit codes of run:
              0  zero-RPO handover: the target reached the frozen frontier, no write lost
              1  bad input: nothing was run (also: force with no terminal and no --force-approval)
              2  aborted: nothing committed, writes resumed on the old primary
              3  forced handover that skipped LSNs (the report counts the writes lost)
              4  outcome unknown or writes still frozen: check the cluster by hand
              5  committed, but the topology was seen degraded afterwards
              6  refused before anything was frozen: the preflight fails (without --run-anyway),
                 plan no-go, or (--at, --plan) the plan no longer holds
            """;

    private Help() {
    }

    /**
     * The whole text, from the registry: the real engines a run drives, what {@code plan} probes on each, one line per
     * installed engine under "Cluster addresses".
     */
    static String text(Backends backends) {
        int width = backends.all().stream().mapToInt(b -> b.scheme().length() + 1 + b.locationHint().length()).max()
                .orElse(0) + 2;
        StringBuilder lines = new StringBuilder();
        for (ClusterBackend b : backends.all()) {
            String form = b.scheme() + ":" + b.locationHint();
            lines.append("  ").append(form).append(" ".repeat(width - form.length())).append(b.engine()).append('\n');
        }
        StringBuilder probes = new StringBuilder();
        for (ClusterBackend b : backends.all()) {
            if (!b.planProbes().isEmpty()) {
                wrap(probes, "Probes on " + b.engine() + ": " + b.planProbes() + ".");
            }
        }
        return TEXT.replace("{real}", realEngines(backends)).replace("{probes}\n", probes)
                .replace("{addresses}\n", lines.append('\n').toString());
    }

    /** "PostgreSQL or MariaDB": the engines that are not simulations, from the registry. */
    static String realEngines(Backends backends) {
        List<String> real = backends.all().stream().filter(b -> !b.simulated()).map(ClusterBackend::engine).toList();
        return real.isEmpty() ? "no installed engine" : real.size() == 1 ? real.get(0)
                : String.join(", ", real.subList(0, real.size() - 1)) + " or " + real.get(real.size() - 1);
    }

    /** {@code text} in lines of the description column (12 spaces in, at most 92 wide), each ending in a newline. */
    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && INDENT.length() + line.length() + 1 + word.length() > WIDTH) {
                out.append(INDENT).append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        out.append(INDENT).append(line).append('\n');
    }

    private static final String INDENT = " ".repeat(12);
    private static final int WIDTH = 92;
}
