package dev.handover.sim;

import dev.handover.cluster.ClusterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The built-in scenario library (resources under {@code scenarios/}) and the user's own files. */
public final class Scenarios {
    private static final List<String> BUILT_IN = List.of(
            "healthy", "lagging-replica", "stalled-replica", "target-crash", "write-burst", "flaky-link");
    private static final long MAX_FILE_BYTES = 1 << 20;

    private Scenarios() {
    }

    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /** A built-in scenario; an unknown name gets a message listing the names there are. */
    public static Scenario builtIn(String name) throws ClusterException {
        if (!BUILT_IN.contains(name)) {
            throw new ClusterException("unknown scenario \"" + name + "\"; built-in scenarios: " + String.join(", ", BUILT_IN));
        }
        String resource = "/scenarios/" + name + ".json";
        try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClusterException("built-in scenario " + name + " is missing from the build (" + resource + ")");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in scenario " + name);
        } catch (IOException e) {
            throw new ClusterException("could not read built-in scenario " + name + ": " + e.getMessage(), e);
        }
    }

    /** A scenario file; any problem is one message naming the file and the field. */
    public static Scenario load(Path file) throws ClusterException {
        String what = "scenario file " + file;
        String json;
        try {
            if (Files.isDirectory(file)) {
                throw ClusterException.inFile(file, what, ": is a directory, not a scenario file", null);
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw ClusterException.inFile(file, what, ": larger than 1 MiB, not a scenario file", null);
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ClusterException.inFile(file, what, ": no such file", null);
        } catch (IOException e) {
            throw ClusterException.inFile(file, what, ": cannot be read (" + reason(e) + ")", e);
        }
        try {
            return ScenarioJson.parse(json);
        } catch (ScenarioJson.Invalid e) {
            throw ClusterException.inFile(file, what, e.problem.describe(), null);
        }
    }

    /** Why a read failed, without the path the message already names. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** A built-in name, or else a path to a scenario file. */
    public static Scenario resolve(String nameOrPath) throws ClusterException {
        if (BUILT_IN.contains(nameOrPath)) {
            return builtIn(nameOrPath);
        }
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains("\\") || nameOrPath.endsWith(".json");
        Path path;
        try {
            path = Path.of(nameOrPath);
        } catch (RuntimeException e) {
            throw new ClusterException("unknown scenario \"" + nameOrPath + "\": not a built-in name and not a valid path");
        }
        if (looksLikePath || Files.exists(path)) {
            return load(path);
        }
        throw new ClusterException("unknown scenario \"" + nameOrPath + "\": not a built-in scenario ("
                + String.join(", ", BUILT_IN) + ") and no such file");
    }

    static Scenario parse(String json, String what) throws ClusterException {
        try {
            return ScenarioJson.parse(json);
        } catch (ScenarioJson.Invalid e) {
            throw new ClusterException(what + e.problem.describe());
        }
    }
}
