package dev.handover.cluster;

import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;

import java.time.Duration;

/** Small builders for node snapshots in tests. */
final class Nodes {
    private Nodes() {
    }

    static NodeStatus primary(String id, String region, long lsn, long term) {
        return new NodeStatus(new FailoverNode(id, id + ":5432", region), new NodeRole.Primary(term), lsn, lsn, 0,
                Duration.ZERO, 1000, Health.HEALTHY, "");
    }

    /** A replica {@code lagLsn} behind, applying {@code rate} LSN a second. */
    static NodeStatus replica(String id, String region, long primaryLsn, long lagLsn, double rate, Health health,
                              String detail) {
        Duration lag = rate > 0 ? Duration.ofMillis((long) (lagLsn * 1000 / rate)) : Duration.ofHours(1);
        return new NodeStatus(new FailoverNode(id, id + ":5432", region), new NodeRole.Replica("p:5432", 1),
                primaryLsn - lagLsn, primaryLsn - lagLsn, lagLsn, lag, rate, health, detail);
    }

    static NodeStatus healthyReplica(String id, String region, long primaryLsn, long lagLsn, double rate) {
        return replica(id, region, primaryLsn, lagLsn, rate, Health.HEALTHY, "");
    }
}
