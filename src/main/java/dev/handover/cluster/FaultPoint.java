package dev.handover.cluster;

/**
 * Named points in a backend's commit where a crash can be injected to test recovery: with
 * {@code -Dhandover.faultPoint=<name>} the process halts there at once, as {@code kill -9} would
 * (no shutdown hooks, sessions dropped by the kernel). Unset, as in every real run, it does nothing.
 */
public final class FaultPoint {
    public static final String PROPERTY = "handover.faultPoint";

    private FaultPoint() {
    }

    public static void reached(String name) {
        if (name.equals(System.getProperty(PROPERTY))) {
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
