package dev.handover.postgres.harness;

import dev.handover.testing.Await;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgCommitReport;
import dev.handover.postgres.PgTransport;
import dev.handover.postgres.PgVerification;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One coordinated switchover in a rotation (pg1 -> pg2 -> pg3 -> pg1 ...) under an acknowledged-write
 * client, as the endurance test and the soak bench drive it: the tool's own account (outcome, commit
 * report, verification) next to what the cluster itself shows afterwards ({@link ClusterCheck}) and
 * the client-side write-unavailability window.
 */
public final class Rotation {
    private Rotation() {
    }

    /**
     * @param window    last write the old primary acknowledged to the first the new one did; empty when the run failed
     * @param failure   the coordinator's or harness's error, when the run did not commit
     * @param seen      the cluster as seen afterwards, through ordinary sessions
     */
    public record Result(String from, String to, Optional<FailoverOutcome> outcome, Optional<PgCommitReport> report,
                         Optional<PgVerification> verification, Optional<Double> window, Optional<String> failure,
                         ClusterCheck.Seen seen, List<String> events) {
        public boolean healthy() {
            return failure.isEmpty() && seen.healthy() && verification.map(PgVerification::ok).orElse(false)
                    && report.map(PgCommitReport::complete).orElse(false);
        }

        public String describe() {
            StringBuilder sb = new StringBuilder(from + " -> " + to + "\n  events: " + String.join(", ", events));
            failure.ifPresent(f -> sb.append("\n  failed: ").append(f));
            report.ifPresent(r -> {
                r.done().forEach(d -> sb.append("\n  done: ").append(d));
                r.remaining().forEach(d -> sb.append("\n  REMAINING: ").append(d));
            });
            verification.ifPresent(v -> v.lines().forEach(l -> sb.append("\n  verify: ").append(l)));
            seen.problems().forEach(p -> sb.append("\n  cluster: ").append(p));
            return sb.toString();
        }
    }

    /** The next primary after {@code current} in pg1 -> pg2 -> ... -> pgN -> pg1. */
    public static String next(LoopbackCluster cluster, String current) {
        int n = Integer.parseInt(current.substring(2));
        return "pg" + (n % cluster.nodes().size() + 1);
    }

    public static Result once(LoopbackCluster cluster, PgCluster pg, AckedWriter writer, Duration deadline) {
        ClusterSnapshot s = pg.status();
        NodeStatus primary = s.primary().orElseThrow(() -> new IllegalStateException("no primary: " + s));
        String targetId = next(cluster, primary.id());
        int from = cluster.node(primary.id()).port();
        int to = cluster.node(targetId).port();
        long fromAcks = writer.acksFrom(from);
        Await.until("steady writes on " + primary.id(), Duration.ofSeconds(30), () -> writer.acksFrom(from), n -> n >= fromAcks + 20);
        int mark = writer.acks().size();
        NodeStatus target = pg.status().node(targetId).orElseThrow();
        FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(),
                new FailoverMode.Coordinated(deadline));
        Optional<FailoverOutcome> outcome = Optional.empty();
        Optional<PgCommitReport> report = Optional.empty();
        Optional<String> failure = Optional.empty();
        List<String> events = new java.util.ArrayList<>();
        try (PgTransport tx = pg.uncheckedTransport(targetId, Duration.ofMillis(20))) {
            try {
                outcome = Optional.of(FailoverCoordinator.run(req, tx, dev.handover.core.RunHooks.none().withListener(e -> events.add(
                        String.format(java.util.Locale.ROOT, "%.3fs %s", e.at().toNanos() / 1e9, e.getClass().getSimpleName())))));
            } catch (FailoverException e) {
                failure = Optional.of(e.getMessage());
            }
            report = tx.commitReport();
        } catch (Exception e) {
            failure = Optional.of(e.toString());
        }
        Optional<PgVerification> verification = outcome.map(o -> pg.verify(targetId, o.newTerm(), Duration.ofSeconds(30)));
        Optional<Double> window = Optional.empty();
        if (outcome.isPresent()) {
            long toAcks = writer.acksFrom(to);
            Await.until("writes on " + targetId, Duration.ofSeconds(30), () -> writer.acksFrom(to), n -> n >= toAcks + 20);
            List<AckedWriter.Ack> all = writer.acks(); // one snapshot: the writer keeps appending
            List<AckedWriter.Ack> acks = all.subList(Math.max(0, mark - 1), all.size());
            long firstNew = acks.stream().filter(a -> a.port() == to).mapToLong(AckedWriter.Ack::nanos).min().orElseThrow();
            long lastOld = acks.stream().filter(a -> a.port() == from && a.nanos() < firstNew)
                    .mapToLong(AckedWriter.Ack::nanos).max().orElse(firstNew);
            window = Optional.of((firstNew - lastOld) / 1e9);
        }
        String expected = outcome.isPresent() ? targetId : primary.id();
        ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, expected, Duration.ofSeconds(30));
        return new Result(primary.id(), targetId, outcome, report, verification, window, failure, seen, events);
    }
}
