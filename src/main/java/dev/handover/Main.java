package dev.handover;

import dev.handover.app.Installed;
import dev.handover.cli.Cli;

/** The jar's entry point: the headless command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Installed.backends().runSideCommand(args)) {
            return; // a backend's helper process (PostgreSQL's freeze keeper), started through this jar
        }
        System.exit(new Cli(System.out, System.err).run(args));
    }
}
