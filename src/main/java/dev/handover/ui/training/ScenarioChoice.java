package dev.handover.ui.training;

/** A scenario as the picker lists it: the built-in name and its title. */
public record ScenarioChoice(String name, String title) {
    @Override
    public String toString() {
        return name + " — " + title;
    }
}
