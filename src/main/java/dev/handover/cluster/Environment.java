package dev.handover.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a cluster's secrets are looked up by the variable its definition names ({@code passwordEnv}): the
 * process environment, and in the console what the operator typed when that variable was unset. Typed values
 * live only in this object, in memory: never in a record, a message, a file or {@link #toString()}.
 */
public final class Environment {
    private final Function<String, String> process;
    private final Map<String, String> typed;

    private Environment(Function<String, String> process, Map<String, String> typed) {
        this.process = process;
        this.typed = Map.copyOf(typed);
    }

    /** The process's environment. */
    public static Environment system() {
        return new Environment(System::getenv, Map.of());
    }

    /** An environment read through {@code lookup} (tests). */
    public static Environment of(Function<String, String> lookup) {
        return new Environment(lookup, Map.of());
    }

    /** This environment with {@code values} typed by the operator, which win over the process's. */
    public Environment with(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(typed);
        all.putAll(values);
        return new Environment(process, all);
    }

    /** The value of {@code name}, or null when it is unset. */
    public String get(String name) {
        String t = typed.get(name);
        return t != null ? t : process.apply(name);
    }

    /** Of {@code names}, those without a value (unset or empty), in order, each once. */
    public List<String> missing(List<String> names) {
        return names.stream().distinct().filter(n -> {
            String v = get(n);
            return v == null || v.isEmpty();
        }).toList();
    }

    /** Names no value: a secret must never reach a log through this. */
    @Override
    public String toString() {
        return "Environment[" + typed.size() + " typed in memory]";
    }
}
