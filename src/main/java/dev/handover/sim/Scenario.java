package dev.handover.sim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated cluster as it starts, with a title and a briefing for the trainee and an optional
 * timeline of scripted faults. Structure is checked by {@link #problem()}; files by {@link Scenarios}.
 */
public record Scenario(String name, String title, String briefing, List<NodeSpec> nodes, WriteLoad load,
                       List<ScriptedFault> faults) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(briefing, "briefing");
        Objects.requireNonNull(load, "load");
        nodes = List.copyOf(nodes);
        faults = List.copyOf(faults);
    }

    /** The first inconsistency, as "field: problem", or empty when the scenario can start. */
    public Optional<String> problem() {
        return ScenarioCheck.problem(this);
    }

    public NodeSpec primary() {
        return nodes.stream().filter(NodeSpec::isPrimary).findFirst()
                .orElseThrow(() -> new IllegalStateException("scenario " + name + " has no primary"));
    }

    public Optional<NodeSpec> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
