package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.mariadb.harness.MariaDbLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/**
 * Each test on a fresh real 3-node loopback cluster ({@link #mdb}, mdb1 primary) and the backend's
 * connection to it ({@link #cluster}), its password handed in as the environment would; both torn down after.
 */
@RealServer
abstract class OnLoopbackCluster {
    protected MariaDbLoopback mdb;
    protected MariaDbCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        mdb = MariaDbLoopback.start();
        cluster = new MariaDbCluster(MariaDbClusterDefinition.load(mdb.writeDefinition()), Duration.ofSeconds(5),
                name -> name.equals(MariaDbLoopback.PASSWORD_ENV) ? MariaDbLoopback.ADMIN_PASSWORD : null);
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (mdb != null) {
            mdb.close();
        }
    }
}
