package dev.handover.cli;

import dev.handover.core.Durations;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --flag value} (or {@code --flag=value}) pairs of one command, and its switches ({@code --run-anyway}),
 * parsed by picocli against the flags the command knows; a mistyped flag gets picocli's "did you mean".
 */
final class Args {
    private final String command;
    private final Map<String, String> values;
    private final Set<String> switches;

    private Args(String command, Map<String, String> values, Set<String> switches) {
        this.command = command;
        this.values = values;
        this.switches = switches;
    }

    static Args parse(String command, List<String> args, Set<String> known) throws BadInput {
        return parse(command, args, known, Set.of());
    }

    /** {@code known} flags take a value each; {@code switches} take none. */
    static Args parse(String command, List<String> args, Set<String> known, Set<String> switches) throws BadInput {
        CommandSpec spec = CommandSpec.create().name(command);
        known.stream().sorted().forEach(k -> spec.addOption(Verbs.option(command, k, false)));
        switches.stream().sorted().forEach(k -> spec.addOption(Verbs.option(command, k, true)));
        List<String> all = new ArrayList<>(known);
        all.addAll(switches);
        String takes = all.isEmpty() ? command + " takes no flags"
                : command + " takes: " + String.join(", ", all.stream().sorted().map(k -> "--" + k).toList());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new BadInput(command + ": unexpected argument \"" + a + "\" (flags look like --name value)");
            }
            String name = a.substring(2).split("=", 2)[0];
            if (!known.contains(name) && !switches.contains(name)) {
                break; // picocli names it, with the flags it is close to
            }
            // Said here, in the words scripts know, rather than left to picocli, which would take "--x" as a value.
            if (known.contains(name) && !a.contains("=") && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                throw new BadInput(command + ": flag --" + name + " needs a value");
            }
            if (switches.contains(name) && a.contains("=")) {
                throw new BadInput(command + ": flag --" + name + " takes no value");
            }
            if (known.contains(name) && !a.contains("=")) {
                i++;
            }
        }
        CommandLine line = new CommandLine(spec).setExpandAtFiles(false).setOverwrittenOptionsAllowed(false);
        ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            if (!first.startsWith("--")) {
                throw new BadInput(command + ": unexpected argument \"" + first + "\" (flags look like --name value)");
            }
            List<String> close = e.getSuggestions();
            throw new BadInput(command + ": unknown flag " + first.split("=", 2)[0]
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)") + " (" + takes + ")");
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new BadInput(command + ": flag " + flagName(e.getOverwritten()) + " given twice");
        } catch (CommandLine.MissingParameterException e) {
            throw new BadInput(command + ": flag " + flagName(e.getMissing().get(0)) + " needs a value");
        } catch (CommandLine.ParameterException e) {
            throw new BadInput(command + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> on = new java.util.HashSet<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName().substring(2);
            if (switches.contains(name)) {
                on.add(name);
            } else {
                values.put(name, o.getValue());
            }
        }
        return new Args(command, values, on);
    }

    private static String flagName(CommandLine.Model.ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** Whether the switch {@code --name} was given. */
    boolean has(String name) {
        return switches.contains(name);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) throws BadInput {
        String v = values.get(name);
        if (v == null) {
            throw new BadInput(command + ": missing --" + name);
        }
        if (v.isBlank()) {
            throw new BadInput(command + ": --" + name + " must not be empty");
        }
        return v;
    }

    /** {@code --name} read as the console reads its form ({@link Durations#parse}), within {@code range}. */
    Optional<Duration> duration(String name, Durations.Range range) throws BadInput {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Durations.Parsed p = Durations.parse("--" + name, v.get(), range);
        if (p instanceof Durations.Ok ok) {
            return Optional.of(ok.value());
        }
        throw new BadInput(command + ": " + ((Durations.Invalid) p).message());
    }

    Optional<Long> longValue(String name) throws BadInput {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            throw new BadInput(command + ": --" + name + " expects a whole number, got \"" + v.get() + "\"");
        }
    }

    /** One of {@code choices}, or a message listing them. */
    Optional<String> choice(String name, List<String> choices) throws BadInput {
        Optional<String> v = get(name);
        if (v.isPresent() && !choices.contains(v.get())) {
            throw new BadInput(command + ": --" + name + " expects " + String.join(" or ", choices) + ", got \"" + v.get() + "\"");
        }
        return v;
    }
}
