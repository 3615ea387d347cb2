package dev.handover.ui;

import javafx.util.Callback;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates FXML controllers with their view models handed in, so no controller reaches for a
 * static. FXMLLoader passes it on to every {@code fx:include}.
 */
public final class ControllerFactory implements Callback<Class<?>, Object> {
    private final Map<Class<?>, Supplier<?>> makers = new HashMap<>();

    public <T> ControllerFactory with(Class<T> type, Supplier<? extends T> maker) {
        makers.put(type, maker);
        return this;
    }

    @Override
    public Object call(Class<?> type) {
        Supplier<?> maker = makers.get(type);
        if (maker == null) {
            throw new IllegalStateException("no controller registered for " + type.getName());
        }
        return maker.get();
    }
}
