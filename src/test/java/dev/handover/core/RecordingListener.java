package dev.handover.core;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, and names them in order for compact sequence assertions. */
final class RecordingListener implements HandoverListener {
    final List<HandoverEvent> events = new ArrayList<>();

    @Override
    public void on(HandoverEvent event) {
        events.add(event);
    }

    List<String> names() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    <T extends HandoverEvent> T last(Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i))) {
                return type.cast(events.get(i));
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + names());
    }

    long terminalCount() {
        return events.stream().filter(HandoverEvent::isTerminal).count();
    }
}
