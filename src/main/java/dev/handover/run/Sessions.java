package dev.handover.run;

import dev.handover.core.FailoverTransport;

/** Closing a run's transport, where the backend holds sessions (and its run lock) in it. */
final class Sessions {
    private Sessions() {
    }

    static void close(FailoverTransport tx) {
        if (tx instanceof AutoCloseable sessions) {
            try {
                sessions.close();
            } catch (Exception e) {
                // The run is over (or never began); a session that will not close changes nothing on the cluster.
            }
        }
    }
}
