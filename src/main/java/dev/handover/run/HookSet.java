package dev.handover.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The operator's commands and webhooks around a switchover, as a hooks file lists them ({@link HooksFile}):
 * pre-switchover commands that can veto (any failure and nothing is frozen), post-switchover and on-abort
 * commands, and webhooks told of every phase (marked planned, so a pager can stay quiet).
 */
public record HookSet(List<Command> preSwitchover, List<Command> postSwitchover, List<Command> onAbort,
                      List<Webhook> webhooks) {

    public static final HookSet NONE = new HookSet(List.of(), List.of(), List.of(), List.of());

    public HookSet {
        preSwitchover = List.copyOf(preSwitchover);
        postSwitchover = List.copyOf(postSwitchover);
        onAbort = List.copyOf(onAbort);
        webhooks = List.copyOf(webhooks);
    }

    /** When a hook is called. */
    public enum Phase {
        /** Before anything is frozen; a command's failure vetoes the run. */
        PRE_SWITCHOVER("pre-switchover"),
        /** After a handover committed (zero-RPO or forced), once its topology was read back. */
        POST_SWITCHOVER("post-switchover"),
        /** After a run that committed nothing, or whose outcome is unknown. */
        ON_ABORT("on-abort");

        private final String text;

        Phase(String text) {
            this.text = text;
        }

        /** As the hooks file, the journal and the JSON on a hook's stdin name it. */
        public String text() {
            return text;
        }
    }

    /**
     * A command run with the run's JSON on its stdin; no shell, so the arguments reach it as written.
     *
     * @param argv    the program and its arguments
     * @param timeout how long it may take before it is killed (and, before a switchover, vetoes it)
     */
    public record Command(List<String> argv, Duration timeout) {
        public Command {
            argv = List.copyOf(argv);
            Objects.requireNonNull(timeout, "timeout");
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a hook command needs a program");
            }
        }

        /** The command line as a person reads it. */
        public String text() {
            return String.join(" ", argv);
        }
    }

    /**
     * An HTTP endpoint the run's JSON is POSTed to at every phase.
     *
     * @param url     http or https
     * @param timeout for connecting and answering
     */
    public record Webhook(URI url, Duration timeout) {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
