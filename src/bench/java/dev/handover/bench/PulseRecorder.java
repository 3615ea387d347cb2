package dev.handover.bench;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * FX pulses as JavaFX itself reports them: its JFR pulse-phase events ({@code javafx.PulsePhase},
 * JavaFX 18+), one per phase (animations, CSS, layout, waiting for the previous frame, copying to the
 * render graph, ...), each with its thread and nanosecond start and duration. JavaFX only emits
 * them when the flight recorder is up before the toolkit starts, so create this first.
 */
final class PulseRecorder implements AutoCloseable {
    static final String FX_THREAD = "JavaFX Application Thread";
    private Recording recording;

    PulseRecorder() {
        // Initialise the flight recorder now, before JavaFX decides whether to log pulses to it.
        jdk.jfr.FlightRecorder.getFlightRecorder();
    }

    void start() {
        recording = new Recording();
        recording.enable("javafx.PulsePhase").withThreshold(Duration.ZERO);
        recording.setToDisk(true);
        recording.start();
    }

    /** Stop and return the pulses seen since {@link #start()}, in order. */
    List<Pulse> stop() throws Exception {
        recording.stop();
        Path file = Files.createTempFile("handover-pulses", ".jfr");
        try {
            recording.dump(file);
            recording.close();
            String keep = System.getProperty("bench.jfrDir");
            if (keep != null) { // for a closer look: jfr print --events javafx.PulsePhase <file>
                Files.copy(file, Path.of(keep).resolve("pulses-" + System.nanoTime() + ".jfr"));
            }
            Map<Integer, Pulse.Builder> byId = new TreeMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("javafx.PulsePhase") || e.getThread() == null
                        || !FX_THREAD.equals(e.getThread().getJavaName())) {
                    continue;
                }
                byId.computeIfAbsent(e.getInt("pulseId"), Pulse.Builder::new).add(e.getStartTime(), e.getDuration());
            }
            List<Pulse> out = new ArrayList<>();
            byId.values().forEach(b -> out.add(b.build()));
            out.sort((a, b) -> a.start().compareTo(b.start()));
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }

    /** One pulse on the FX thread: when it began and how long the FX thread spent in it. */
    record Pulse(int id, Instant start, long fxNanos) {
        static final class Builder {
            private final int id;
            private Instant start;
            private long nanos;

            Builder(int id) {
                this.id = id;
            }

            void add(Instant at, Duration d) {
                if (start == null || at.isBefore(start)) {
                    start = at;
                }
                nanos += d.toNanos();
            }

            Pulse build() {
                return new Pulse(id, start, nanos);
            }
        }
    }
}
