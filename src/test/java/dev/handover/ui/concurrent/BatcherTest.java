package dev.handover.ui.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatcherTest {

    @Test
    void manyItemsBeforeTheRelayRunsArriveAsOneBatchInOrder() {
        List<Runnable> queued = new ArrayList<>();
        List<List<Integer>> batches = new ArrayList<>();
        Batcher<Integer> batcher = new Batcher<>(queued::add, batches::add);

        for (int i = 0; i < 1000; i++) {
            batcher.add(i);
        }
        assertEquals(1, queued.size(), "one hand-over queued, not a thousand");
        queued.remove(0).run();

        assertEquals(1, batches.size());
        assertEquals(1000, batches.get(0).size());
        assertEquals(999, batches.get(0).get(999));

        batcher.add(1000);
        assertEquals(1, queued.size(), "the next item queues a fresh hand-over");
        queued.remove(0).run();
        assertEquals(List.of(1000), batches.get(1));
    }
}
