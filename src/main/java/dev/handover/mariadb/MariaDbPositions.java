package dev.handover.mariadb;

import dev.handover.cluster.Positions;

/**
 * Positions as MariaDB's tools show them: the seq of the cluster's one GTID domain, written as
 * {@code 0-1-1234} when the domain and server are known, and distances as transaction counts
 * (under gtid_strict_mode every seq in the domain is one transaction).
 */
public final class MariaDbPositions implements Positions {
    /** For a run's record, which keeps the seq but not the domain and server: positions read as the seq alone. */
    static final Positions RECORDED = new MariaDbPositions("seq ", true);

    private final String prefix;
    private final boolean grouped;

    MariaDbPositions(long domain, long server) {
        this(domain + "-" + server + "-", false);
    }

    private MariaDbPositions(String prefix, boolean grouped) {
        this.prefix = prefix;
        this.grouped = grouped;
    }

    /** MariaDB's word for a position: what {@code @@gtid_binlog_pos} and {@code @@gtid_slave_pos} hold. */
    @Override
    public String noun() {
        return "GTID";
    }

    @Override
    public String position(long seq) {
        return prefix + (grouped ? Positions.grouped(seq) : Long.toString(seq));
    }

    @Override
    public String amount(long seq) {
        return Positions.grouped(seq) + (seq == 1 ? " transaction" : " transactions");
    }

    @Override
    public String shortAmount(long seq) {
        return Positions.grouped(seq) + " tx";
    }
}
