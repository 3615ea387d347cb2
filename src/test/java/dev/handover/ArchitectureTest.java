package dev.handover;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rooms' one-way arrows, read from the sources' imports: the coordinator knows nothing, {@code cluster}
 * only the coordinator, and nothing above {@code cluster} names an engine — only the composition root
 * ({@code app}) does. A new engine that needs a line in {@code ui} or {@code cli} fails here. And the journal's
 * names are spelled in its codec only.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/handover");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.handover\\.(\\w+)\\.", Pattern.MULTILINE);
    private static final List<String> ENGINES = List.of("sim", "postgres", "mariadb");

    @Test
    void theCoordinatorDependsOnNothing() throws IOException {
        assertEquals(List.of(), importsOutside("core", List.of("core")));
    }

    @Test
    void theClusterSeamKnowsOnlyTheCoordinator() throws IOException {
        assertEquals(List.of(), importsOutside("cluster", List.of("cluster", "core")));
    }

    @Test
    void theConsoleTheCommandLineAndTheRunServiceNameNoEngine() throws IOException {
        List<String> found = new ArrayList<>();
        for (String room : List.of("ui", "cli", "run", "journal", "training", "metrics")) {
            found.addAll(importsOf(room).stream().filter(i -> ENGINES.contains(i.room())).map(Import::toString).toList());
        }
        assertEquals(List.of(), found);
    }

    @Test
    void enginesDoNotKnowEachOtherOrTheRoomsAboveThem() throws IOException {
        List<String> found = new ArrayList<>();
        for (String engine : ENGINES) {
            found.addAll(importsOutside(engine, List.of(engine, "cluster", "core")));
        }
        assertEquals(List.of(), found);
    }

    /**
     * A run's journal names (results, event types, reasons) are spelled by the journal's codec alone: everyone
     * else branches on {@code Result}, {@code EventType}, {@code EndReason}, never on the words (see {@link NameLiterals}).
     */
    @Test
    void noJournalNameIsWrittenAsALiteralOutsideTheCodec() throws IOException {
        assertEquals(List.of(), NameLiterals.find(MAIN), "journal names spelled outside " + NameLiterals.CODEC);
    }

    private static List<String> importsOutside(String room, List<String> allowed) throws IOException {
        return importsOf(room).stream().filter(i -> !allowed.contains(i.room())).map(Import::toString).toList();
    }

    private record Import(Path file, String room) {
        @Override
        public String toString() {
            return MAIN.relativize(file) + " imports dev.handover." + room;
        }
    }

    private static List<Import> importsOf(String room) throws IOException {
        List<Import> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(room))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(new Import(f, m.group(1)));
                }
            }
        }
        return out;
    }
}
