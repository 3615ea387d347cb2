package dev.handover;

import dev.handover.app.Installed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rooms' one-way arrows, read from the sources' imports: the coordinator knows nothing, {@code cluster}
 * only the coordinator, and nothing above {@code cluster} names an engine — only the composition root
 * ({@code app}) does, and only the entries reach for it. The engines are the registry's ({@code app.Installed}),
 * not a list here: a new engine is held to these rules by its one registration line. The journal's names are
 * spelled in its codec only. And no main file grows past 400 lines (issue 22).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/handover");
    /** Issue 22: past this a main file has more than one job; split it along its own seams. */
    private static final int MAX_LINES = 400;
    private final ArchitectureRules rules = new ArchitectureRules(MAIN, Installed.backends());

    @Test
    void theEnginesAreTheRegistrysRooms() {
        assertEquals(List.of("sim", "postgres", "mariadb"), rules.engines());
    }

    @Test
    void theCoordinatorDependsOnNothing() throws IOException {
        assertEquals(List.of(), rules.coordinatorImports());
    }

    @Test
    void theClusterSeamKnowsOnlyTheCoordinator() throws IOException {
        assertEquals(List.of(), rules.seamImports());
    }

    @Test
    void theConsoleTheCommandLineAndTheRunServiceNameNoEngine() throws IOException {
        assertEquals(List.of(), rules.engineNamedAbove());
    }

    @Test
    void enginesDoNotKnowEachOtherOrTheRoomsAboveThem() throws IOException {
        assertEquals(List.of(), rules.enginesReachingOut());
    }

    @Test
    void onlyTheEntriesNameTheCompositionRoot() throws IOException {
        assertEquals(List.of(), rules.registryLookedUp());
    }

    /**
     * A run's journal names (results, event types, reasons) are spelled by the journal's codec alone: everyone
     * else branches on {@code Result}, {@code EventType}, {@code EndReason}, never on the words (see {@link NameLiterals}).
     */
    @Test
    void noJournalNameIsWrittenAsALiteralOutsideTheCodec() throws IOException {
        assertEquals(List.of(), NameLiterals.find(MAIN), "journal names spelled outside " + NameLiterals.CODEC);
    }

    /** Every main file over {@link #MAX_LINES} lines (as {@code wc -l} counts them) is named with its count. */
    @Test
    void noMainFileIsOver400Lines() throws IOException {
        List<String> over = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                long lines = Files.readString(f).chars().filter(c -> c == '\n').count();
                if (lines > MAX_LINES) {
                    over.add(MAIN.relativize(f).toString().replace('\\', '/') + " (" + lines + " lines)");
                }
            }
        }
        assertEquals(List.of(), over, "main files over " + MAX_LINES + " lines: split each along its own seams");
    }
}
