package dev.handover.postgres.harness;

import dev.handover.testing.HoldOpen;

/**
 * Starts a throwaway three-node loopback cluster, prints its definition file for
 * {@code --cluster pg:<file>}, and keeps it up until Enter is pressed, stdin closes, or
 * {@code seconds} (default 600) pass; then tears it down. A second argument {@code production} or
 * {@code production-sync} serves the production shape ({@link ClusterShape#production}, synchronous with the
 * latter; its password in {@value ClusterShape#PASSWORD_ENV}) instead of the harness's own.
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
        try (LoopbackCluster cluster = LoopbackCluster.start(chosen)) {
            System.out.println("definition: " + cluster.definitionFile());
            System.out.println("client URL: " + cluster.multiHostUrl());
            System.out.flush();
            HoldOpen.untilEnterOr(seconds);
        }
    }
}
