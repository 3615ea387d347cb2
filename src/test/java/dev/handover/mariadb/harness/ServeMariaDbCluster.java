package dev.handover.mariadb.harness;

import dev.handover.testing.HoldOpen;

/**
 * Starts a throwaway three-node loopback MariaDB cluster, prints its definition file for
 * {@code --cluster mariadb:<file>} (password in {@value MariaDbLoopback#PASSWORD_ENV}: {@value MariaDbLoopback#ADMIN_PASSWORD}),
 * and keeps it up until Enter is pressed, stdin closes, or {@code seconds} (default 600) pass; then tears it down.
 * For driving the CLI and the console by hand, and for the window benchmark.
 */
public final class ServeMariaDbCluster {
    private ServeMariaDbCluster() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        try (MariaDbLoopback cluster = MariaDbLoopback.start()) {
            System.out.println("definition: " + cluster.writeDefinition());
            for (MariaDbLoopback.Node n : cluster.nodes()) {
                System.out.println(n.id() + ": " + n.url() + " (app user " + MariaDbLoopback.APP + "/" + MariaDbLoopback.APP_PASSWORD + ")");
            }
            System.out.flush();
            HoldOpen.untilEnterOr(seconds);
        }
    }
}
