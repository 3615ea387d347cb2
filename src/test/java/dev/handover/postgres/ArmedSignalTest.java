package dev.handover.postgres;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A signal readied before the freeze is sent when fired, and never when the run stands it down. */
class ArmedSignalTest {

    @Test
    void firingSendsTheSignal() throws Exception {
        // Not a plain `sleep`: a test JVM started as a background job (`cmd &` in a script) ignores SIGINT, and its
        // children inherit that, so `sleep` would never see it. PostgreSQL installs its own handler, as this does.
        Process victim = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; sleep 60").start();
        try (ArmedSignal signal = ArmedSignal.arm(victim.pid(), "INT")) {
            signal.fire();
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS), "SIGINT ends sleep");
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void standingDownSendsNothing() throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            ArmedSignal.arm(victim.pid(), "INT").close(); // returns once the shell has gone
            assertTrue(victim.isAlive(), "a stood-down signal must never reach the process");
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void aFailedKillIsReported() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (ArmedSignal signal = ArmedSignal.arm(gone.pid(), "INT")) {
            IOException e = assertThrows(IOException.class, signal::fire);
            assertTrue(e.getMessage().contains("kill of process " + gone.pid() + " failed"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ArmedSignal.arm(1, "INT; rm -rf /"));
    }

    @Test
    void theShellIsGoneOnceFired() throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try (ArmedSignal signal = ArmedSignal.arm(victim.pid(), "TERM")) {
            signal.fire();
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS));
            assertFalse(victim.isAlive());
        } finally {
            victim.destroyForcibly();
        }
    }
}
