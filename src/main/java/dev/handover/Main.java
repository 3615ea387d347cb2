package dev.handover;

import dev.handover.cli.Cli;

/** The jar's entry point: the headless command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err).run(args));
    }
}
