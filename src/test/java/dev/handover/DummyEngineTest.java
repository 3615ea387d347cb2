package dev.handover;

import dev.handover.app.Installed;
import dev.handover.cli.Cli;
import dev.handover.cluster.Backends;
import dev.handover.dummy.DummyBackend;
import dev.handover.ui.ConsoleOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An engine is its package plus one registration: a test-only engine registered beside the installed ones shows up
 * in the CLI's help (overview and {@code --cluster}), the console's usage, and the architecture rules, with nothing
 * else written for it. (The console's Open menu: {@code ui.fx.DummyEngineMenuUiTest}.)
 */
class DummyEngineTest {
    private static final Backends WITH_DUMMY = DummyBackend.besides(Installed.backends());
    private static final String FORM = "dummy:<dummy definition file>";

    @TempDir
    Path dir;

    private String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                dir.resolve("journal"), WITH_DUMMY).run(args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theHelpListsTheRegisteredEngine() {
        String[] help = cli("help");
        assertEquals("0", help[0], help[2]);
        assertTrue(help[1].lines().anyMatch(l -> l.startsWith("  " + FORM) && l.endsWith(DummyBackend.ENGINE)),
                "one address line for the dummy engine:\n" + help[1]);
        for (String verb : List.of("status", "run", "plan", "metrics", "console")) {
            String[] own = cli(verb, "--help");
            String flat = own[1].replaceAll("\\s+", " "); // picocli wraps the description where it likes
            assertTrue(flat.contains("--cluster=ADDRESS"), verb + ":\n" + own[1]);
            assertTrue(flat.contains("mariadb:<cluster definition file> (MariaDB) or " + FORM + " (" + DummyBackend.ENGINE
                    + ")"), verb + ":\n" + own[1]);
        }
        assertTrue(ConsoleOptions.usage(WITH_DUMMY).contains(FORM), ConsoleOptions.usage(WITH_DUMMY));
        // The prose too: run names it among the real engines, plan says what it probes, from its backend alone.
        String flatHelp = help[1].replaceAll("\\s+", " ");
        assertTrue(flatHelp.contains("for real on PostgreSQL, MariaDB or " + DummyBackend.ENGINE + "."), help[1]);
        assertTrue(flatHelp.contains("Probes on " + DummyBackend.ENGINE + ": " + DummyBackend.PROBES + "."), help[1]);
        String plan = cli("plan", "--help")[1].replaceAll("\\s+", " ");
        assertTrue(plan.contains("Probes on " + DummyBackend.ENGINE + ": " + DummyBackend.PROBES + "."), plan);
        assertTrue(cli("run", "--help")[1].replaceAll("\\s+", " ")
                .contains("for real on PostgreSQL, MariaDB or " + DummyBackend.ENGINE + "."));
    }

    @Test
    void theInstalledHelpDoesNotListIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                dir.resolve("journal"), Installed.backends()).run("help");
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("  sim:<scenario name or file>") && help.contains("  pg:<cluster definition file>")
                && help.contains("  mariadb:<cluster definition file>"), help);
        assertTrue(!help.contains("dummy"), help);
    }

    @Test
    void anAddressOfTheEngineReachesItsBackend() {
        String[] status = cli("status", "--cluster", "dummy:x.json");
        assertEquals("1", status[0]);
        assertEquals("handover: --cluster dummy:x.json: the dummy engine opens no cluster (it exists to be registered)\n",
                status[2].replace("\r\n", "\n"));
    }

    @Test
    void theArchitectureRulesHoldTheRegisteredEngine(@TempDir Path src) throws IOException {
        ArchitectureRules real = new ArchitectureRules(Path.of("src/main/java/dev/handover"), WITH_DUMMY);
        assertEquals(List.of("sim", "postgres", "mariadb", "dummy"), real.engines());
        assertEquals(List.of(), real.engineNamedAbove());
        assertEquals(List.of(), real.enginesReachingOut());

        // A console that names the dummy engine, and a dummy engine that reaches up into the console: both refused.
        write(src.resolve("ui/Menu.java"), "package dev.handover.ui;\nimport dev.handover.dummy.DummyBackend;\n");
        write(src.resolve("dummy/DummyCluster.java"), "package dev.handover.dummy;\nimport dev.handover.cluster.Backends;\n"
                + "import dev.handover.ui.Menu;\n");
        ArchitectureRules rules = new ArchitectureRules(src, WITH_DUMMY);
        assertEquals(List.of("ui/Menu.java imports dev.handover.dummy"), rules.engineNamedAbove());
        assertEquals(List.of("dummy/DummyCluster.java imports dev.handover.ui"), rules.enginesReachingOut());
        // Without its registration the same tree passes: the rules know the engine from the registry alone.
        assertEquals(List.of(), new ArchitectureRules(src, Installed.backends()).engineNamedAbove());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
