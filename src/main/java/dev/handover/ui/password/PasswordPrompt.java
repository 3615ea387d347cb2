package dev.handover.ui.password;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks the operator for the passwords a cluster's definition names by variable when those variables are unset.
 * Answers on the FX thread: the typed value for each variable, or empty when the operator cancelled. What was
 * typed is held only in memory, by the cluster it opens: never written to the journal, preferences or a log.
 */
@FunctionalInterface
public interface PasswordPrompt {
    /**
     * @param cluster   what is being opened, e.g. {@code PostgreSQL cluster /etc/handover/prod.json}
     * @param variables the unset variables, in the definition's order
     */
    void ask(String cluster, List<String> variables, Consumer<Optional<Map<String, String>>> answer);

    /** No prompt: the cluster opens without the password, and its nodes say the variable is not set. */
    PasswordPrompt NONE = (cluster, variables, answer) -> answer.accept(Optional.empty());
}
