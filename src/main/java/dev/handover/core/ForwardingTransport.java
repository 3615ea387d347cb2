package dev.handover.core;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A transport that passes every call on to another. Wrappers that add to a transport — the journal's
 * intent lines, fault injection, timing — extend it and override only the calls they change, so a
 * call added to {@link FailoverTransport} later is forwarded everywhere instead of silently defaulted.
 */
public abstract class ForwardingTransport implements FailoverTransport {
    protected final FailoverTransport delegate;

    protected ForwardingTransport(FailoverTransport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public long freezePrimary() throws TransportException {
        return delegate.freezePrimary();
    }

    @Override
    public void resumePrimary() throws TransportException {
        delegate.resumePrimary();
    }

    @Override
    public Duration elapsed() {
        return delegate.elapsed();
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        return delegate.pollTargetFrontier();
    }

    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        return delegate.awaitTargetFrontier(frontier, maxWait);
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        delegate.renewFreezeLease();
    }

    @Override
    public void endFreezeLease() throws TransportException {
        delegate.endFreezeLease();
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        delegate.commitHandover(newTerm);
    }

    @Override
    public OptionalLong heldAtHandover() {
        return delegate.heldAtHandover();
    }

    @Override
    public void reportCommitStepsTo(java.util.function.Consumer<String> steps) {
        delegate.reportCommitStepsTo(steps);
    }
}
