package dev.handover;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: {@code handover console --help} started JavaFX (and with no display died with a stack trace), and
 * {@code handover help console} said console was no command. Run as the packaged launcher runs it, in a process of
 * its own ({@code dev.handover.Main}), with the display variables as the test names them.
 */
class ConsoleVerbTest {
    private record Ran(int code, String out, String err) {
    }

    private static Ran main(Map<String, String> display, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.handover.Main"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().putAll(display);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("handover " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void consoleHelpIsTheVerbsOwnAndStartsNoJavaFx() throws Exception {
        for (String[] asked : new String[][] {{"console", "--help"}, {"console", "-h"}, {"help", "console"}}) {
            Ran r = main(Map.of(), asked);
            assertEquals(0, r.code(), String.join(" ", asked) + ": " + r.out() + r.err());
            assertTrue(r.out().startsWith("Open the console (a window; needs a display)."), r.out());
            for (String flag : List.of("--scenario=NAME|FILE", "--cluster=", "--speed=X", "--seed=N", "--journal=DIR",
                    "--hooks=<file.json>")) {
                assertTrue(r.out().contains(flag), flag + " in " + r.out());
            }
            assertEquals("", r.err(), "no JavaFX, no stack trace");
        }
        assertTrue(main(Map.of(), "help").out().contains("  console   [--scenario=NAME|FILE"), "the overview lists it");
    }

    @Test
    void withNoDisplayTheConsoleSaysSoInOneLineAndExitsOne() throws Exception {
        Ran r = main(Map.of(), "console", "--scenario=healthy");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals("Handover: the console cannot start: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). The "
                + "headless commands (handover status, plan, run, ...) need no display.\n", r.err());
    }

    @Test
    void aDisplayThatCannotBeOpenedIsOneLineTooNotAStackTrace() throws Exception {
        Ran r = main(Map.of("DISPLAY", ":87"), "console"); // no X server answers on :87 here
        assertEquals(1, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        // JavaFX's own log may warn first (its classes on the class path); the failure is one line of ours.
        List<String> ours = r.err().lines().filter(l -> l.startsWith("Handover: ")).toList();
        assertEquals(1, ours.size(), r.err());
        assertTrue(ours.get(0).startsWith("Handover: the console could not open its window: Unable to open DISPLAY. "
                + "Check DISPLAY"), r.err());
    }
}
