package dev.handover.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One case's own directory, and the broken files a case puts in it. */
final class Scratch {
    private final Path dir;
    private final List<Path> locked = new ArrayList<>();

    Scratch(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code text} to {@code name}; returns its path as text, for an argument. */
    String file(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String mkdir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in {@code healthy} scenario's text. */
    static String healthy() {
        try (InputStream in = Scratch.class.getResourceAsStream("/scenarios/healthy.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code healthy} with one piece of text replaced: the piece must be there, so the case breaks what it says. */
    String healthyWith(String name, String from, String to) {
        String h = healthy();
        if (!h.contains(from)) {
            throw new IllegalStateException("healthy.json has no \"" + from + "\"");
        }
        return file(name, h.replace(from, to));
    }

    /** A two-node PostgreSQL definition on closed loopback ports, with {@code nodesJson} replacing its node list when given. */
    String pg(String name, String node1Url, String node2Url) {
        return file(name, "{\"nodes\": [\n"
                + "  {\"id\": \"pg1\", \"region\": \"r1\", \"jdbcUrl\": \"" + node1Url + "\", \"user\": \"postgres\"},\n"
                + "  {\"id\": \"pg2\", \"region\": \"r1\", \"jdbcUrl\": \"" + node2Url + "\", \"user\": \"postgres\"}\n"
                + "]}\n");
    }

    /** A definition whose two nodes nobody listens on. */
    String unreachablePg(String name) {
        return pg(name, "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres",
                "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres");
    }

    /** A loopback port that was free a moment ago: connecting is refused at once. */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A directory this process cannot read or write. Root ignores permission bits, so there the case
     * gets a path that runs through a regular file instead, which no one can read or create either.
     */
    String unusableDir(String name) {
        try {
            Path d = Files.createDirectories(dir.resolve(name));
            Files.writeString(d.resolve("journal.jsonl"), "", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(d, Set.of());
            locked.add(d);
            if (!Files.isReadable(d)) {
                return d.toString();
            }
            Path file = Files.writeString(dir.resolve(name + "-is-a-file"), "not a directory\n");
            return file.resolve("journal").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory in which no file can be created: permission bits, or /proc for root. */
    String unwritableDir(String name) {
        try {
            Path d = Files.createDirectories(dir.resolve(name));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
            locked.add(d);
            try {
                Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            } catch (IOException expected) {
                return d.toString();
            }
            return "/proc";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives back the permissions taken, so the directory can be compared and deleted. */
    void unlock() throws IOException {
        for (Path d : locked) {
            Files.setPosixFilePermissions(d, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
        }
    }
}
