package dev.handover.ui.training;

import java.nio.file.Path;
import java.util.Optional;

/** How a failed switch of cluster reads: what failed and why, the file named once. */
final class SwitchFailure {
    private SwitchFailure() {
    }

    /** What failed and why, naming the file once: loaders start their messages with the file already. */
    static String describe(String what, Optional<Path> file, String why) {
        // The registry names the whole address ("pg:FILE: ..."), a reader the file alone ("FILE: ...").
        int colon = why.indexOf(':');
        if (file.isPresent() && colon > 0 && why.startsWith(file.get().toString(), colon + 1)
                && why.substring(0, colon).chars().allMatch(Character::isLetterOrDigit)) {
            why = why.substring(colon + 1);
        }
        if (why.startsWith(what)) {
            return why;
        }
        if (file.isPresent() && what.endsWith(file.get().toString()) && why.startsWith(file.get().toString())) {
            return what.substring(0, what.length() - file.get().toString().length()) + why;
        }
        return what + ": " + why;
    }
}
