package dev.handover.bench;

import com.sun.javafx.perf.PerformanceTracker;
import dev.handover.ui.ConsoleLauncher;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Window;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the console exactly as its launcher does, and prints when its first frame has been rendered
 * (JavaFX's per-scene frame tracker, called by the renderer once the frame is painted), as epoch
 * milliseconds and as milliseconds since the JVM started; then when the first frame of the whole console
 * (the scene's root replaced, the start screen gone) has been. {@link StartupBench} runs it as a child.
 * Needs JavaFX on the class path (the shaded jar), where its internal packages are accessible.
 */
public final class StartupProbe {
    static final String FIRST_FRAME = "startup-probe first-frame epoch-ms=";
    /** The first frame rendered after the scene's root changed: the whole console in place of its start screen. */
    static final String LOADED = "startup-probe loaded epoch-ms=";
    private static final AtomicBoolean SEEN = new AtomicBoolean();
    private static final AtomicBoolean ROOT_CHANGED = new AtomicBoolean();
    private static final AtomicBoolean LOADED_SEEN = new AtomicBoolean();

    private StartupProbe() {
    }

    private static long mainAt;
    private static long shownAt;

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        mainAt = System.currentTimeMillis() - jvmStart;
        Window.getWindows().addListener((ListChangeListener<Window>) c -> {
            while (c.next()) {
                for (Window w : c.getAddedSubList()) {
                    shownAt = System.currentTimeMillis() - jvmStart;
                    watch(w.getScene(), jvmStart);
                }
            }
        });
        ConsoleLauncher.main(args);
    }

    /** With {@code -Dbench.exitAfterFirstFrame=N}: exit N seconds after the first frame (to dump a CDS archive). */
    private static void exitLater() {
        Integer seconds = Integer.getInteger("bench.exitAfterFirstFrame");
        if (seconds == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        }, "startup-probe-exit");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(Scene scene, long jvmStart) {
        if (scene == null) {
            return;
        }
        scene.rootProperty().addListener((obs, was, now) -> ROOT_CHANGED.set(true));
        PerformanceTracker.getSceneTracker(scene).setOnRenderedFrameTask(() -> {
            if (ROOT_CHANGED.get() && LOADED_SEEN.compareAndSet(false, true)) {
                long now = System.currentTimeMillis();
                System.out.println(LOADED + now + " since-jvm-start-ms=" + (now - jvmStart));
                System.out.flush();
            }
            if (SEEN.compareAndSet(false, true)) {
                long now = System.currentTimeMillis();
                System.out.println(FIRST_FRAME + now + " since-jvm-start-ms=" + (now - jvmStart) + " pipeline="
                        + com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName()
                        + " main-ms=" + mainAt + " shown-ms=" + shownAt);
                System.out.flush();
                exitLater();
            }
        });
    }
}
