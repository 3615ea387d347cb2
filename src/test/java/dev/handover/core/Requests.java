package dev.handover.core;

import java.time.Duration;

/** The reference tests' request: n1 (us-east) hands over to n2 (us-west) at term 4. */
final class Requests {
    private Requests() {
    }

    static final FailoverNode N1 = new FailoverNode("n1", "http://n1:50051", "us-east");
    static final FailoverNode N2 = new FailoverNode("n2", "http://n2:50051", "us-west");

    static FailoverRequest request(FailoverMode mode, long hint) {
        return new FailoverRequest(N1, N2, 4, hint, mode);
    }

    static FailoverMode coordinated(Duration deadline) {
        return new FailoverMode.Coordinated(deadline);
    }

    static FailoverMode force(Duration timeout) {
        return new FailoverMode.Force(timeout);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
