package dev.handover.postgres.harness;

import dev.handover.testing.HoldOpen;

import java.time.Duration;

/**
 * Starts a throwaway three-node loopback cluster, prints its definition file for
 * {@code --cluster pg:<file>}, and keeps it up until Enter is pressed, stdin closes, or
 * {@code seconds} (default 600) pass; then tears it down. A second argument {@code production} or
 * {@code production-sync} serves the production shape ({@link ClusterShape#production}, synchronous with the
 * latter; its password in {@value ClusterShape#PASSWORD_ENV}) instead of the harness's own. A third argument
 * {@code bouncer} puts a real PgBouncer (transaction pooling) in front of the primary and prints the definition
 * that lists it, for trying the PgBouncer steps by hand.
 */
public final class ServeLoopbackCluster {
    private ServeLoopbackCluster() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        String shape = args.length > 1 ? args[1] : "harness";
        ClusterShape chosen = switch (shape) {
            case "harness" -> ClusterShape.harness(3);
            case "production" -> ClusterShape.production(3);
            case "production-sync" -> ClusterShape.production(3).synchronous();
            default -> throw new IllegalArgumentException("shape: harness, production or production-sync, got " + shape);
        };
        boolean bouncer = args.length > 2 && args[2].equals("bouncer");
        try (LoopbackCluster cluster = LoopbackCluster.start(chosen);
             LoopbackBouncer pgb = bouncer ? LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5)) : null) {
            System.out.println("definition: " + (pgb == null ? cluster.definitionFile() : pgb.definitionFile()));
            if (pgb != null) {
                System.out.println("bouncer: 127.0.0.1:" + pgb.port() + " target file " + pgb.targetFile());
            }
            System.out.println("client URL: " + (pgb == null ? cluster.multiHostUrl() : pgb.clientUrl()));
            System.out.flush();
            HoldOpen.untilEnterOr(seconds);
        }
    }
}
