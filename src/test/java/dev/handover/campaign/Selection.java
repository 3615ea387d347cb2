package dev.handover.campaign;

import java.util.Locale;

/**
 * Which cells to run: all, unless {@code -Dcampaign.cells=pg:KILL_HANDOVER@CATCHING_UP,mariadb:*@PROMOTED,...}
 * names some (to replay one cell while working on its fix). {@code *} matches any fault or step.
 */
final class Selection {
    static final String PROPERTY = "campaign.cells";

    private Selection() {
    }

    static boolean wanted(String engine, Fault fault, Step step) {
        String chosen = System.getProperty(PROPERTY, "").strip();
        if (chosen.isEmpty()) {
            return true;
        }
        for (String c : chosen.split(",")) {
            String[] parts = c.strip().toUpperCase(Locale.ROOT).split("[:@]");
            if (parts.length == 3 && parts[0].equalsIgnoreCase(engine)
                    && (parts[1].equals("*") || parts[1].equals(fault.name()))
                    && (parts[2].equals("*") || parts[2].equals(step.name()))) {
                return true;
            }
        }
        return false;
    }
}
