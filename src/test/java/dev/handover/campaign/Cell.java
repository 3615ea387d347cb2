package dev.handover.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fault × step scenario showed: the observer's violations, and a log of what was done and seen
 * (exit codes, the tool's words, the observer's coverage) that a failing test prints beside them.
 */
final class Cell {
    final String name;
    final List<Observer.Violation> violations = new ArrayList<>();
    final StringBuilder log = new StringBuilder();

    Cell(String name) {
        this.name = name;
    }

    void log(String line) {
        log.append("  ").append(line.strip().replace("\n", "\n    ")).append('\n');
        System.out.println("[campaign] " + name + ": " + line.strip().lines().findFirst().orElse(""));
    }

    void violated(Observer.Violation v) {
        violations.add(v);
    }

    boolean held() {
        return violations.isEmpty();
    }

    String report() {
        StringBuilder sb = new StringBuilder(name).append(held() ? ": HELD\n" : ": VIOLATED\n");
        for (Observer.Violation v : violations) {
            sb.append("  VIOLATION ").append(v).append('\n');
        }
        return sb.append("what was done and seen:\n").append(log).toString();
    }
}
