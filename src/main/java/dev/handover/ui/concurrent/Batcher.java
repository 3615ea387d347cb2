package dev.handover.ui.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Collects items from any thread and hands them over the relay in batches, with at most one
 * hand-over queued at a time. A run that polls every millisecond therefore costs the FX thread one
 * call per pulse, not a thousand.
 */
public final class Batcher<T> {
    private final FxRelay relay;
    private final Consumer<List<T>> consumer;
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public Batcher(FxRelay relay, Consumer<List<T>> consumer) {
        this.relay = relay;
        this.consumer = consumer;
    }

    public void add(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            relay.run(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        T next;
        while ((next = queue.poll()) != null) {
            batch.add(next);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
