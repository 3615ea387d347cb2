package dev.handover.ui.training;

import dev.handover.cluster.ClusterException;

import java.nio.file.Path;
import java.util.Optional;

/** How a failed switch of cluster reads: what failed and why, the file named once. */
final class SwitchFailure {
    private SwitchFailure() {
    }

    /**
     * What failed and why. {@code what} names the file already ("scenario file F", "PostgreSQL cluster F"); a loader's
     * message about that same file names it too, so only the part after its own naming is added.
     */
    static String describe(String what, Optional<Path> file, Exception e) {
        if (e instanceof ClusterException c && c.file().isPresent() && c.file().equals(file)) {
            return what + c.afterSubject();
        }
        return what + ": " + e.getMessage();
    }
}
