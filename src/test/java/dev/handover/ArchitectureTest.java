package dev.handover;

import dev.handover.app.Installed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rooms' one-way arrows, read from the sources' imports: the coordinator knows nothing, {@code cluster}
 * only the coordinator, and nothing above {@code cluster} names an engine — only the composition root
 * ({@code app}) does, and only the entries reach for it. The engines are the registry's ({@code app.Installed}),
 * not a list here: a new engine is held to these rules by its one registration line.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/handover");
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
}
