package dev.handover.cli;

import java.time.Clock;
import java.time.Instant;

/** {@code --at}: {@link dev.handover.run.FireTime}'s parsing (shared with the console's Schedule…), refused as bad input. */
final class FireTime {
    private FireTime() {
    }

    static Instant parse(String verb, String text, Clock clock) throws BadInput {
        try {
            return dev.handover.run.FireTime.parse(text, clock);
        } catch (dev.handover.run.FireTime.Invalid e) {
            throw new BadInput(verb + ": --at " + e.getMessage());
        }
    }
}
