package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every verb of the headless command as picocli sees it: its flags with their value labels and one line of help,
 * its bare arguments and what it does. One table serves the parse ({@link Args}), each verb's {@code --help},
 * the "did you mean" hints and the bash completion script, so they cannot disagree. The {@code --cluster} flag is
 * described from the engine registry the CLI's entry hands in: every address form the installed engines take.
 */
final class Verbs {
    /** A flag: {@code --name <label>}, or a switch (no value) when {@code label} is empty. */
    record Flag(String name, String label, String help) {
        boolean isSwitch() {
            return label.isEmpty();
        }
    }

    /** A bare argument a verb takes ({@code cancel ID}); the verb reads it itself. */
    record Bare(String label, String arity, String help) {
    }

    record Verb(String name, String summary, List<String> description, List<Flag> flags, List<Bare> bare) {
        Optional<Flag> flag(String name) {
            return flags.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    private static final Flag SEED = new Flag("seed", "N", "the simulation's seed (default 1)");
    private static final Flag JOURNAL = new Flag("journal", "DIR",
            "the journal's directory (default $XDG_DATA_HOME/handover/journal, else ~/.local/share/handover/journal)");

    /**
     * What the help says of the installed engines, from the registry: the address forms, the real engines a run
     * drives, and a line per engine of what {@code plan} probes there.
     */
    private record Engines(String addresses, String real, List<String> probes) {
        static Engines of(Backends backends) {
            return new Engines(engines(backends), Help.realEngines(backends), backends.all().stream()
                    .filter(b -> !b.planProbes().isEmpty())
                    .map(b -> "Probes on " + b.engine() + ": " + b.planProbes() + ".").toList());
        }
    }

    /** The table, the engines described as {@code engines} says. */
    private static List<Verb> table(Engines engines) {
        Flag cluster = new Flag("cluster", "ADDRESS", "the cluster's address: " + engines.addresses());
        List<Flag> runFlags = List.of(cluster,
                new Flag("target", "<node id>", "the replica that becomes primary"),
                new Flag("mode", "coordinated|force", "coordinated: abort at the deadline; force: hand over anyway, "
                        + "asking first (on a terminal, or by --force-approval)"),
                new Flag("deadline", "<duration>", "how long the target may take to catch up, writes frozen (0 to 10m)"),
                new Flag("poll", "<duration>", "how often the target is read while frozen (10ms to 1m, default 100ms)"),
                new Flag("force-approval", "approve|decline", "force mode's scripted answer to the force prompt; without it "
                        + "a force run asks on the terminal, and is refused without one"),
                new Flag("freeze-budget", "<duration>", "the longest write freeze you accept (default 5s); given, it is a limit"),
                SEED,
                new Flag("report", "<file.json>", "write the run's record there too"),
                JOURNAL,
                new Flag("expect-primary", "<node id>", "refused (nothing frozen) unless that node is the primary now"),
                new Flag("expect-term", "N", "refused (nothing frozen) unless the primary's term is N now"),
                new Flag("hooks", "<file.json>", "commands run before (a failure vetoes, exit 2), after, or on abort; webhooks"),
                new Flag("at", "<time>", "schedule: 18:30, 2026-12-01T18:30 or 2026-12-01T17:30:00Z (at most 7 days ahead)"),
                new Flag("plan", "<id>", "run a plan recorded by `handover plan` (go, at most 24h old, cluster as planned)"),
                new Flag("run-anyway", "", "run although the preflight fails (a coordinated run only; the record keeps it)"),
                new Flag("operator", "NAME", "who asks for it (default the OS user@host); kept in the record"),
                new Flag("reason", "TEXT", "why, in a line (at most 500 characters); kept in the record, told to hooks"),
                new Flag("ticket", "ID", "the change or incident it belongs to, one token such as CHG-1234 or INC#88"));

        return List.of(
                new Verb("status", "Print the cluster's nodes.", List.of("Print the cluster's nodes: role, health, position, lag."),
                        List.of(cluster, SEED), List.of()),
                new Verb("run", "Hand the primary role to the target.", List.of(
                        "Hand the primary role to the target: in virtual time on a simulated cluster, for real on "
                                + engines.real() + ".",
                        "The preflight is printed first; a coordinated run whose preflight fails",
                        "is refused with nothing frozen (exit 6) unless --run-anyway. Force asks before it commits: on a",
                        "terminal for the typed target id, in a script by --force-approval; with neither it is refused (exit 1).",
                        "One run at a time per cluster; every run is recorded in the journal; on a simulated cluster a debrief",
                        "follows.",
                        "Exit: 0 zero-RPO handover, 1 bad input, 2 aborted (writes resumed), 3 forced (writes lost),",
                        "4 outcome unknown or writes still frozen, 5 committed but topology degraded, 6 refused before",
                        "anything was frozen (preflight fails, plan no-go, or the plan no longer holds)."),
                        runFlags, List.of()),
                new Verb("plan", "Check and probe a run without making it.", Stream.concat(Stream.of(
                        "Check and probe a run without making it: the preflight, read-only probes of the cluster and the",
                        "steps it would take. Exit 0 go, 6 no-go; nothing changed. The plan is recorded in plans.jsonl",
                        "beside the journal, its id printed for run --plan."), engines.probes().stream()).toList(),
                        runFlags.stream().filter(f -> !List.of("at", "plan", "run-anyway").contains(f.name())).toList(), List.of()),
                new Verb("cancel", "Cancel a scheduled run before it fires.", List.of(
                        "Cancel a scheduled run (run --at) before it fires; without ID, list those waiting."),
                        List.of(JOURNAL), List.of(new Bare("ID", "0..1", "the schedule to cancel"))),
                new Verb("scenarios", "List the built-in simulated clusters.", List.of("List the built-in simulated clusters."),
                        List.of(), List.of()),
                new Verb("history", "List the recorded runs.", List.of(
                        "List the recorded runs (damaged journal lines are reported on stderr, exit 1), write one run's",
                        "record as JSON (--export <run id> <file.json>), or show its timeline and debrief."),
                        List.of(JOURNAL, new Flag("show", "<run id>", "show one run's timeline and debrief"),
                                new Flag("export", "<run id> <file.json>", "write one run's record as JSON")), List.of()),
                new Verb("recover", "Show runs that did not end cleanly and what to do.", List.of(
                        "Show runs that did not end cleanly and what to do (resume writes, verify roles); exit 4 while any",
                        "needs action."),
                        List.of(JOURNAL,
                                new Flag("acknowledge", "<run id>", "mark one as dealt with"),
                                new Flag("note", "TEXT", "with --acknowledge: what was done"),
                                new Flag("release", "<run id>", "lift a dead run's freeze on a real cluster once nothing was committed"),
                                new Flag("repair", "<run id>", "finish a run that died part-way from what the nodes show: prints "
                                        + "its plan, then asks (on a terminal) or needs --yes"),
                                new Flag("primary", "<node id>", "with --repair: settle on this node, when the plan offers it"),
                                new Flag("yes", "", "with --repair: approve the plan without a terminal (scripts)"),
                                new Flag("discard", "NODE:COUNT[,...]", "with --repair --yes: accept exactly the loss the plan "
                                        + "counted on each node")),
                        List.of()),
                new Verb("metrics", "Print the journal's runs as Prometheus metrics.", List.of(
                        "Print the journal's runs as Prometheus metrics (text format, for node_exporter's textfile collector)."),
                        List.of(JOURNAL, new Flag("output", "FILE", "write FILE whole (temp file, then a rename)"),
                                new Flag("cluster", cluster.label(), "add one status call's gauges: writable primaries, the "
                                        + "cluster's verdict, each node's condition; its address: " + engines.addresses())), List.of()),
                new Verb("console", "Open the console (a window; needs a display).", List.of(
                        "Open the console: the desktop window that shows the cluster, runs switchovers and drills. It needs a",
                        "display (DISPLAY or WAYLAND_DISPLAY); without one it says so and exits 1. Its flags take their value",
                        "after '=' (--scenario=lagging-replica). With none, the built-in simulated cluster healthy opens."),
                        List.of(new Flag("scenario", "NAME|FILE", "a simulated cluster: a built-in scenario (handover scenarios) "
                                        + "or a scenario file (default healthy)"),
                                new Flag("cluster", cluster.label(), "the cluster, instead of --scenario: "
                                        + engines.addresses()),
                                new Flag("speed", "X", "simulated seconds per wall-clock second (above 0, at most 1000; default 1)"),
                                new Flag("seed", "N", "the simulation's seed, for a drill that replays the same (default 1)"),
                                new Flag("journal", "DIR", JOURNAL.help()),
                                new Flag("hooks", "<file.json>", "commands and webhooks called around every run")),
                        List.of()),
                new Verb("completion", "Print a bash completion script.", List.of(
                        "Print a bash completion script for handover: source <(handover completion), or save it in",
                        "/etc/bash_completion.d/handover."), List.of(), List.of()),
                new Verb("help", "Show the overview of every command.", List.of("Show the overview of every command."),
                        List.of(), List.of(new Bare("COMMAND", "0..1", "show that command's help instead"))));
    }

    /** For parsing alone, where no label or help is shown: the flags' names and arities are the same in every table. */
    private static final Verbs PARSING = new Verbs(new Engines("an installed engine's", "an installed engine", List.of()));

    private final List<Verb> all;
    private final Map<String, Verb> byName;

    /** The verbs, {@code --cluster} described from {@code backends}: each engine's address form and name. */
    Verbs(Backends backends) {
        this(Engines.of(backends));
    }

    private Verbs(Engines engines) {
        this.all = table(engines);
        this.byName = all.stream().collect(Collectors.toMap(Verb::name, Function.identity()));
    }

    /** {@code sim:<scenario name or file> (simulation), pg:<cluster definition file> (PostgreSQL) or ...}, from the registry. */
    static String engines(Backends backends) {
        List<String> each = backends.all().stream().map(b -> b.scheme() + ":" + b.locationHint() + " (" + b.engine() + ")")
                .toList();
        return each.size() <= 1 ? String.join("", each)
                : String.join(", ", each.subList(0, each.size() - 1)) + " or " + each.get(each.size() - 1);
    }

    static List<String> names() {
        return PARSING.all.stream().map(Verb::name).toList();
    }

    Optional<Verb> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The option of {@code --name}, as parsing needs it (a flag a command added stays parseable). */
    static OptionSpec option(String verb, String name, boolean isSwitch) {
        return PARSING.optionSpec(verb, name, isSwitch);
    }

    /** The option of {@code --name}, described from the table when it has it. */
    private OptionSpec optionSpec(String verb, String name, boolean isSwitch) {
        Optional<Flag> known = named(verb).flatMap(v -> v.flag(name));
        OptionSpec.Builder b = OptionSpec.builder("--" + name).description(known.map(Flag::help).orElse(""));
        if (isSwitch) {
            return b.arity("0").type(boolean.class).build();
        }
        return b.arity("1").type(String.class).paramLabel(known.map(Flag::label).filter(l -> !l.isEmpty()).orElse("<value>"))
                .build();
    }

    /** {@code verb}'s full spec, for its help and completion: every flag, its bare arguments, {@code --help}. */
    CommandSpec spec(Verb v) {
        CommandSpec spec = CommandSpec.create().name(v.name());
        spec.usageMessage().description(v.description().toArray(String[]::new)).headerHeading("")
                .header(v.summary()).abbreviateSynopsis(false).sortOptions(false).width(110)
                .descriptionHeading("%n").optionListHeading("%nFlags:%n").parameterListHeading("%nArguments:%n");
        for (Flag f : v.flags()) {
            if (f.name().equals("export")) { // two values: a run id and a file
                spec.addOption(OptionSpec.builder("--export").arity("2").type(String[].class).paramLabel("<run id> <file.json>")
                        .hideParamSyntax(true).description(f.help()).build());
            } else {
                spec.addOption(optionSpec(v.name(), f.name(), f.isSwitch()));
            }
        }
        for (Bare b : v.bare()) {
            spec.addPositional(PositionalParamSpec.builder().paramLabel(b.label()).arity(b.arity()).type(String.class)
                    .description(b.help()).build());
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
        return spec;
    }

    /** The help {@code handover VERB --help} prints. */
    String usage(Verb v) {
        CommandSpec root = CommandSpec.create().name("handover");
        CommandSpec spec = spec(v);
        root.addSubcommand(v.name(), spec);
        return new CommandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The whole command, every verb a subcommand: for completion and the hints on a mistyped verb. */
    CommandLine root() {
        CommandSpec root = CommandSpec.create().name("handover");
        root.usageMessage().description("Planned, zero-data-loss primary switchover.");
        Stream.of(all.toArray(Verb[]::new)).forEach(v -> root.addSubcommand(v.name(), new CommandLine(spec(v))));
        return new CommandLine(root);
    }

    /** Verbs close to a mistyped one, as picocli's hints find them; empty when none is close. */
    List<String> closeTo(String typed) {
        try {
            root().parseArgs(typed);
        } catch (CommandLine.UnmatchedArgumentException e) {
            return e.getSuggestions();
        } catch (CommandLine.ParameterException e) {
            return List.of();
        }
        return List.of();
    }

    /** A bash completion script for every verb and flag (picocli's AutoComplete). */
    String completionScript() {
        return picocli.AutoComplete.bash("handover", root());
    }
}
