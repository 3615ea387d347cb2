package dev.handover.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps a served cluster up for a person at the keyboard: until Enter is pressed, stdin closes, or time is up. */
public final class HoldOpen {
    private HoldOpen() {
    }

    public static void untilEnterOr(long seconds) throws InterruptedException {
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
