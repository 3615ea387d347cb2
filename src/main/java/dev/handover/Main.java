package dev.handover;

import dev.handover.cli.Cli;
import dev.handover.postgres.FreezeKeeper;

/** The jar's entry point: the headless command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(FreezeKeeper.COMMAND)) {
            FreezeKeeper.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new Cli(System.out, System.err).run(args));
    }
}
