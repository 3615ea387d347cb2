package dev.handover.badinput;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Every file under a directory with its bytes: what a refused command must leave exactly as it was. */
record DirSnapshot(Map<String, String> files) {

    static DirSnapshot of(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String bytes;
                try {
                    bytes = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
                } catch (IOException unreadable) {
                    bytes = "(unreadable)";
                }
                files.put(root.relativize(file).toString(), bytes);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                files.put(root.relativize(d) + "/", "");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                files.put(root.relativize(file).toString(), "(locked)");
                return FileVisitResult.CONTINUE;
            }
        });
        return new DirSnapshot(files);
    }

    /** This snapshot with only lines appended to {@code file}: its earlier bytes are a prefix of the new ones. */
    boolean onlyAppendedTo(DirSnapshot after, String file) {
        if (!after.files.keySet().equals(files.keySet())) {
            return false;
        }
        for (String name : files.keySet()) {
            byte[] was = Base64.getDecoder().decode(files.get(name).startsWith("(") ? "" : files.get(name));
            byte[] now = Base64.getDecoder().decode(after.files.get(name).startsWith("(") ? "" : after.files.get(name));
            if (name.equals(file)) {
                if (now.length < was.length || !java.util.Arrays.equals(was, 0, was.length, now, 0, was.length)) {
                    return false;
                }
            } else if (!files.get(name).equals(after.files.get(name))) {
                return false;
            }
        }
        return true;
    }
}
