package dev.handover.cli;

/** The usage text of the headless command. */
final class Help {
    static final String TEXT = """
            Usage: java -jar handover.jar <command> [flags]

            Commands:
              status    --cluster sim:<scenario|file> | pg:<cluster definition file> [--seed N]
                        Print the cluster's nodes.
              run       --cluster sim:<scenario|file> | pg:<file> --target <node id> --mode coordinated|force
                        --deadline <duration> [--poll <duration>] [--force-approval approve|decline]
                        [--seed N] [--report <file.json>]
                        Hand the primary role to the target: in virtual time on a simulated
                        cluster, for real on a PostgreSQL cluster (timeline = term).
              scenarios List the built-in simulated clusters.
              help      Show this text.

            Durations: 500ms, 5s, 1.5s, 1m, 2m30s. --deadline up to 10m; --poll from 10ms to 1m,
            default 100ms; --seed defaults to 1.

            Exit codes of run:
              0  zero-RPO handover: the target reached the frozen frontier, no write lost
              1  bad input: nothing was run
              2  aborted: nothing committed, writes resumed on the old primary
              3  forced handover that skipped LSNs (the report counts the writes lost)
              4  outcome unknown or writes still frozen: check the cluster by hand
            """;

    private Help() {
    }
}
