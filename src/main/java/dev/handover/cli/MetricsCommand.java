package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.journal.DamagedLine;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.metrics.JournalMetrics;
import dev.handover.metrics.StatusMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code metrics [--journal DIR] [--output FILE]}: the journal's runs as the Prometheus text exposition, on
 * stdout or written whole to {@code FILE} (for node_exporter's textfile collector, which reads {@code *.prom}
 * files at any moment: the file is written beside it under another name and moved over it, never half
 * written). Damaged journal lines are named on stderr and counted in {@code handover_journal_damaged_lines};
 * the readable runs are still exported and the exit code is 0, so a cron job keeps the dashboard current.
 * With {@code --cluster <spec>} one status call is added ({@link StatusMetrics}): the verdict, the writable nodes
 * (a split brain is {@code handover_writable_primaries > 1}) and each node's condition; a failed call is
 * {@code handover_cluster_status_ok 0}, said on stderr, and still exit 0.
 */
final class MetricsCommand {
    private MetricsCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Backends backends)
            throws BadInput {
        Args a = Args.parse("metrics", argv, Set.of("journal", "output", "cluster"));
        Optional<ClusterSpec> spec = a.get("cluster").isPresent() ? Optional.of(ClusterSpec.parse(a.required("cluster"), backends))
                : Optional.empty();
        Journal journal = JournalOption.open("metrics", a.get("journal"), defaultJournal);
        if (a.get("journal").isPresent() && !Files.isDirectory(journal.directory())) {
            // Unlike `run`, nothing here creates it: a mistyped directory would export "no runs" forever.
            throw new BadInput("metrics: --journal " + a.get("journal").get() + " is no directory (no journal there)");
        }
        Path output = a.get("output").isPresent() ? OutputFile.of("metrics: --output", a.get("output").get()).toAbsolutePath() : null;
        JournalContents contents;
        try {
            contents = journal.load();
        } catch (IOException e) {
            throw new BadInput("metrics: cannot read the journal " + journal.file() + ": " + IoText.why(e));
        }
        for (DamagedLine d : contents.damaged()) {
            err.println("handover: damaged journal line " + d.message());
        }
        PrometheusRegistry registry = JournalMetrics.of(journal, contents);
        if (spec.isPresent()) {
            status(registry, spec.get(), err);
        }
        try {
            if (output == null) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                JournalMetrics.write(registry, text);
                out.write(text.toByteArray());
                out.flush();
            } else {
                writeWhole(registry, output);
            }
        } catch (IOException e) {
            throw new BadInput("metrics: cannot write " + (output == null ? "the metrics" : output) + ": " + IoText.why(e));
        }
        return ExitCode.OK;
    }

    /** One status call's gauges; a cluster that cannot be opened or read is exported as such, not as an exit. */
    private static void status(PrometheusRegistry registry, ClusterSpec spec, PrintStream err) throws BadInput {
        try (ClusterConnection c = Clusters.open(spec, RunCommand.DEFAULT_SEED)) {
            Optional<ClusterSnapshot> snapshot;
            try {
                snapshot = Optional.of(c.status());
            } catch (ClusterException | RuntimeException e) {
                err.println("handover: metrics: status of " + c.name() + " failed: " + e.getMessage());
                snapshot = Optional.empty();
            }
            StatusMetrics.register(registry, c.name(), snapshot, !c.world().simulation());
        }
    }

    /**
     * Writes the exposition to a temporary file in the same directory (named so the collector's {@code *.prom}
     * never matches it), forces it to disk, then renames it over {@code file}: a reader sees the old file or
     * the new one, whole.
     */
    private static void writeWhole(PrometheusRegistry registry, Path file) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            // createTempFile makes it readable by its owner only; the collector runs as another user.
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions stand
            }
            try (OutputStream o = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                JournalMetrics.write(registry, o);
            }
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot replace it in one step (atomic rename), so a reader "
                        + "could see it half written", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
