package dev.handover.mariadb;

import java.util.List;
import java.util.Map;

/**
 * What a commit observed afterwards, read back from the nodes, never assumed.
 *
 * @param newPrimary    the promoted node
 * @param frontier      the old primary's frozen {@code @@gtid_binlog_pos}
 * @param applied       the target's {@code @@gtid_slave_pos} when it stopped applying
 * @param replicas      each other node's observed replication, by id
 * @param problems      what did not end as planned (empty when every replica streams from the new primary)
 * @param steps         what the operator must do about it, in order
 */
public record MariaDbCommitReport(String newPrimary, String frontier, String applied, Map<String, String> replicas,
                                  List<String> problems, List<String> steps) {

    public MariaDbCommitReport {
        replicas = Map.copyOf(replicas);
        problems = List.copyOf(problems);
        steps = List.copyOf(steps);
    }

    public boolean healthy() {
        return problems.isEmpty();
    }
}
