package dev.handover.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: {@code handover run --mode force ... | tee log} was refused as "no terminal" although a person typed at
 * it: with stdout piped there is no {@code System.console()}. The question goes to the controlling terminal
 * ({@code /dev/tty}) when stdin is one; with none to open ({@code setsid}) it is still refused. Driven for real: the
 * command runs in a pseudo-terminal ({@code script}), its output piped into a file as {@code tee} would.
 */
class ForceThroughAPipeCliTest {
    private static final long WAIT_MS = 120_000;

    @TempDir
    Path dir;

    private record Ran(int code, String log, String tty) {
    }

    /** The run under {@code script}, stdout piped to a file; {@code typed} sent once the prompt shows on the tty. */
    private Ran run(String prefix, String typed) throws Exception {
        Path log = dir.resolve("log");
        Path tty = dir.resolve("tty");
        Path code = dir.resolve("code");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = prefix + "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.handover.Main run"
                + " --cluster sim:stalled-replica --target n2 --mode force --deadline 1s --journal '" + dir.resolve("j")
                + "' | cat > '" + log + "'; echo ${PIPESTATUS[0]} > '" + code + "'";
        ProcessBuilder builder = new ProcessBuilder(List.of("script", "-qec", cmd, "/dev/null"))
                .redirectErrorStream(true).redirectOutput(tty.toFile());
        // script runs the command with $SHELL, /bin/sh (dash) on CI's machine, which has no PIPESTATUS: name bash.
        builder.environment().put("SHELL", "/bin/bash");
        Process script = builder.start();
        try (OutputStream keyboard = script.getOutputStream()) { // open until the end: script stops at its input's end
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            boolean sent = false;
            while (script.isAlive() && System.nanoTime() < until) {
                if (!sent && Files.readString(tty).contains("Hand over to: ")) {
                    keyboard.write(typed.getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                    sent = true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (script.isAlive()) {
                script.descendants().forEach(ProcessHandle::destroyForcibly);
                script.destroyForcibly();
                throw new AssertionError("still running after " + WAIT_MS + " ms; the terminal showed: " + Files.readString(tty));
            }
        }
        if (!Files.exists(code)) {
            throw new AssertionError("the command left no exit code (script exited " + script.exitValue()
                    + "); the terminal showed: " + Files.readString(tty));
        }
        return new Ran(Integer.parseInt(Files.readString(code).trim()), Files.readString(log), Files.readString(tty));
    }

    @Test
    void pipedOutputStillAsksOnTheControllingTerminalAndTheLogKeepsTheTimeline() throws Exception {
        Ran r = run("", "n2\n");
        assertEquals(3, r.code(), r.log() + r.tty());
        assertTrue(r.tty().contains("FORCE: n2 has not reached the frozen frontier."), r.tty());
        assertFalse(r.log().contains("Hand over to:"), "the question goes to the terminal, not the log: " + r.log());
        assertTrue(r.log().contains("force approved"), r.log());
        assertTrue(r.log().contains("FORCED, ACKNOWLEDGED WRITES LOST"), r.log());
    }

    @Test
    void withNoControllingTerminalToOpenItIsStillRefused() throws Exception {
        Ran r = run("setsid -w ", "n2\n");
        assertEquals(1, r.code(), r.log() + r.tty());
        assertTrue(r.tty().contains("there is no terminal to ask on"), r.tty());
        assertFalse(r.log().contains("writes frozen on"), "nothing was frozen: " + r.log());
    }
}
