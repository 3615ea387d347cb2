package dev.handover.sim;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The faults a scenario timeline can script, by their JSON names. */
public enum FaultKind {
    STALL("stall", true), UNSTALL("unstall", true), SLOW("slow", true),
    CRASH("crash", true), RESTART("restart", true), PARTITION("partition", true), HEAL("heal", true),
    SPIKE("spike", false),
    FAIL_FREEZE("fail-freeze", false), FAIL_POLL("fail-poll", false),
    FAIL_COMMIT("fail-commit", false), FAIL_RESUME("fail-resume", false);

    private final String jsonName;
    private final boolean needsNode;

    FaultKind(String jsonName, boolean needsNode) {
        this.jsonName = jsonName;
        this.needsNode = needsNode;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether the fault acts on one node (and so needs {@code "node"}). */
    public boolean needsNode() {
        return needsNode;
    }

    public static Optional<FaultKind> byJsonName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }

    public static String jsonNames() {
        return Arrays.stream(values()).map(FaultKind::jsonName).collect(Collectors.joining(", "));
    }
}
