package dev.handover.cli;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --flag value} (or {@code --flag=value}) pairs of one command, checked against the flags it knows. */
final class Args {
    private final String command;
    private final Map<String, String> values;

    private Args(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Args parse(String command, List<String> args, Set<String> known) throws BadInput {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new BadInput(command + ": unexpected argument \"" + a + "\" (flags look like --name value)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new BadInput(command + ": unknown flag --" + name + " (" + (known.isEmpty() ? command + " takes no flags"
                        : command + " takes: " + String.join(", ", known.stream().sorted().map(k -> "--" + k).toList())) + ")");
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new BadInput(command + ": flag --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new BadInput(command + ": flag --" + name + " given twice");
            }
        }
        return new Args(command, values);
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
