package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;

import java.util.List;

/**
 * What a commit did, as it did it: the steps with their times, and the re-pointings that failed. What the
 * nodes show afterwards is read separately ({@link MariaDbAfterRun}), never assumed from this.
 *
 * @param newPrimary the promoted node
 * @param oldPrimary the node that was frozen and demoted
 * @param frontier   the old primary's frozen {@code @@gtid_binlog_pos}
 * @param applied    the target's {@code @@gtid_slave_pos} when it stopped applying
 * @param done       steps taken, timed from the commit's start
 * @param problems   what could not be done (a node that could not be re-pointed), one line each
 */
public record MariaDbCommitReport(String newPrimary, String oldPrimary, String frontier, String applied,
                                  List<AfterRun.Step> done, List<String> problems) {

    public MariaDbCommitReport {
        done = List.copyOf(done);
        problems = List.copyOf(problems);
    }
}
