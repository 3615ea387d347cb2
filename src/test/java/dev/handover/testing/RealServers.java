package dev.handover.testing;

/**
 * The fast profile's guard: it sets {@value #PROPERTY}, and every harness that starts a real server asks here first.
 * A test that needs a server but lacks {@link RealServer} fails in the fast loop at once, saying so, instead of being
 * run for minutes there (or, worse, being left out of the full run by a package pattern it did not match).
 */
public final class RealServers {
    public static final String PROPERTY = "handover.tests.fast";

    private RealServers() {
    }

    /** Called by a harness before it starts {@code what}; refuses under the fast profile. */
    public static void starting(String what) {
        if (Boolean.getBoolean(PROPERTY)) {
            throw new IllegalStateException("a test started " + what + " under the fast profile (-Pfast), which runs only"
                    + " tests that need no real server: annotate its class @" + RealServer.class.getName()
                    + " so that the fast profile leaves it out (plain `mvn verify` still runs it)");
        }
    }
}
