package dev.handover;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rooms' one-way arrows, read from a source tree's imports, with the engines taken from a registry: an engine's
 * room is its backend's package ({@code dev.handover.<room>}), so a registered engine is held to the rules without
 * being listed here.
 */
final class ArchitectureRules {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.handover\\.(\\w+)\\.", Pattern.MULTILINE);
    /** The rooms above {@code cluster}, which must name no engine. */
    static final List<String> ABOVE = List.of("ui", "cli", "run", "journal", "training", "metrics");
    /** The entries that hand the registry down (the CLI's and the console's); only they name {@code app}. */
    static final List<String> ENTRIES = List.of("Main.java", "ui/ConsoleLauncher.java", "ui/ConsoleApp.java");

    private final Path main;
    private final List<String> engines;

    ArchitectureRules(Path main, Backends backends) {
        this.main = main;
        this.engines = backends.all().stream().map(ArchitectureRules::room).distinct().toList();
    }

    /** {@code dev.handover.postgres.PgBackend} lives in the room {@code postgres}. */
    static String room(ClusterBackend b) {
        String pkg = b.getClass().getPackageName();
        String rest = pkg.startsWith("dev.handover.") ? pkg.substring("dev.handover.".length()) : pkg;
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }

    List<String> engines() {
        return engines;
    }

    List<String> coordinatorImports() throws IOException {
        return importsOutside("core", List.of("core"));
    }

    List<String> seamImports() throws IOException {
        return importsOutside("cluster", List.of("cluster", "core"));
    }

    /** Rooms above {@code cluster} that import an engine. */
    List<String> engineNamedAbove() throws IOException {
        List<String> found = new ArrayList<>();
        for (String room : ABOVE) {
            found.addAll(importsOf(room).stream().filter(i -> engines.contains(i.room())).map(Import::toString).toList());
        }
        return found;
    }

    /** Engines that import another engine or a room above {@code cluster}. */
    List<String> enginesReachingOut() throws IOException {
        List<String> found = new ArrayList<>();
        for (String engine : engines) {
            found.addAll(importsOutside(engine, List.of(engine, "cluster", "core")));
        }
        return found;
    }

    /** Files other than the entries that import the composition root: the registry is handed in, not looked up. */
    List<String> registryLookedUp() throws IOException {
        List<String> found = new ArrayList<>();
        for (Import i : importsUnder(main)) {
            String file = main.relativize(i.file()).toString().replace('\\', '/');
            if (i.room().equals("app") && !file.startsWith("app/") && !ENTRIES.contains(file)) {
                found.add(i.toString());
            }
        }
        return found;
    }

    private List<String> importsOutside(String room, List<String> allowed) throws IOException {
        return importsOf(room).stream().filter(i -> !allowed.contains(i.room())).map(Import::toString).toList();
    }

    private record Import(Path root, Path file, String room) {
        @Override
        public String toString() {
            return root.relativize(file) + " imports dev.handover." + room;
        }
    }

    private List<Import> importsOf(String room) throws IOException {
        Path dir = main.resolve(room);
        return Files.isDirectory(dir) ? importsUnder(dir) : List.of(); // a registered engine may have no main sources
    }

    private List<Import> importsUnder(Path dir) throws IOException {
        List<Import> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(new Import(main, f, m.group(1)));
                }
            }
        }
        return out;
    }
}
