package dev.handover.postgres.harness;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.TransportException;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgClusterDefinition;
import dev.handover.postgres.PgConnector;
import dev.handover.postgres.PgTransport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A coordinated switchover in a process of its own that dies part-way, as {@code kill -9} would:
 * right after the freeze (here), or at a commit fault point ({@code -Dhandover.faultPoint=after-old-primary-stopped}
 * or {@code after-promotion}). Args: definition file, target id, and {@code after-freeze} or nothing.
 * The password comes from the environment the definition names.
 */
public final class CrashingRun {
    private CrashingRun() {
    }

    public static void main(String[] args) throws Exception {
        PgClusterDefinition def = PgClusterDefinition.load(Path.of(args[0]));
        String targetId = args[1];
        boolean dieAfterFreeze = args.length > 2 && args[2].equals("after-freeze");
        try (PgCluster pg = new PgCluster(def, new PgConnector(Duration.ofSeconds(3)))) {
            ClusterSnapshot s = pg.status();
            NodeStatus primary = s.primary().orElseThrow();
            NodeStatus target = s.node(targetId).orElseThrow();
            FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(),
                    new FailoverMode.Coordinated(Duration.ofSeconds(10)));
            PgTransport tx = pg.transportFor(targetId, Duration.ofMillis(20));
            FailoverCoordinator.run(req, new ForwardingTransport(tx) {
                @Override
                public long freezePrimary() throws TransportException {
                    long frontier = super.freezePrimary();
                    if (dieAfterFreeze) {
                        Runtime.getRuntime().halt(137);
                    }
                    return frontier;
                }
            });
        }
        System.exit(0); // reached only when no fault point was hit
    }
}
