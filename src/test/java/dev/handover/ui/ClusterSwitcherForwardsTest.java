package dev.handover.ui;

import dev.handover.cluster.ClusterConnection;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's cluster stands in for whichever cluster is on screen, so every call and capability of a
 * connection must reach that cluster: a capability left to its interface default (empty) would silently switch
 * a feature off in the console — as the plan's probes once were.
 */
class ClusterSwitcherForwardsTest {
    @Test
    void everyMethodOfAConnectionIsForwardedToTheClusterOnScreen() {
        List<String> missing = Arrays.stream(ClusterConnection.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !declares(m))
                .map(Method::getName).sorted().toList();
        assertEquals(List.of(), missing);
    }

    private static boolean declares(Method m) {
        try {
            ClusterSwitcher.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
