package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingTransportTest {

    @Test
    void everyCallReachesTheDelegateWithItsArguments() throws Exception {
        var calls = new ArrayList<String>();
        var inner = new ScriptedTransport(100, List.of(70L), Duration.ofMillis(10)) {
            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
                calls.add("await " + frontier + " " + Durations.format(maxWait));
                return 99;
            }

            @Override
            public void renewFreezeLease() throws TransportException {
                calls.add("renew");
            }

            @Override
            public void endFreezeLease() throws TransportException {
                calls.add("end lease");
                super.endFreezeLease();
            }
        };
        FailoverTransport wrapped = new ForwardingTransport(inner) { };

        assertEquals(100, wrapped.freezePrimary());
        assertEquals(70, wrapped.pollTargetFrontier());
        assertEquals(99, wrapped.awaitTargetFrontier(100, Duration.ofSeconds(2)));
        wrapped.renewFreezeLease();
        wrapped.endFreezeLease();
        wrapped.commitHandover(5);
        wrapped.resumePrimary();

        assertEquals(List.of("await 100 2s", "renew", "end lease"), calls, "the long poll is forwarded, not defaulted to a poll");
        assertEquals(Duration.ofMillis(10), wrapped.elapsed());
        assertEquals(5L, inner.committedTerm);
        assertTrue(inner.resumed);
    }
}
