package dev.handover.postgres.harness;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts a throwaway three-node loopback cluster, prints its definition file for
 * {@code --cluster pg:<file>}, and keeps it up until Enter is pressed, stdin closes, or
 * {@code seconds} (default 600) pass; then tears it down.
 */
public final class ServeLoopbackCluster {
    private ServeLoopbackCluster() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            System.out.println("definition: " + cluster.definitionFile());
            System.out.println("client URL: " + cluster.multiHostUrl());
            System.out.flush();
            CountDownLatch done = new CountDownLatch(1);
            Thread stdin = new Thread(() -> {
                try {
                    System.in.read();
                } catch (java.io.IOException ignored) {
                    // treat as closed
                }
                done.countDown();
            }, "stdin");
            stdin.setDaemon(true);
            stdin.start();
            done.await(seconds, TimeUnit.SECONDS);
        }
    }
}
