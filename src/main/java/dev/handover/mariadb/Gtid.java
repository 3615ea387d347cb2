package dev.handover.mariadb;

import java.util.Optional;

/**
 * One GTID as MariaDB writes it, {@code domain-server-seq}. A switchover works in one replication
 * domain: there the seq is a strictly growing counter (gtid_strict_mode), so it serves as the
 * coordinator's LSN, and a distance between positions is a count of transactions.
 */
record Gtid(long domain, long server, long seq) {

    /**
     * The single GTID of a position list such as {@code @@gtid_binlog_pos}; empty for an empty list
     * (nothing written yet). Several domains are refused: the seq of one domain says nothing of another's.
     */
    static Optional<Gtid> single(String list) throws MultiDomainException {
        String s = list == null ? "" : list.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.contains(",")) {
            throw new MultiDomainException("GTID position " + s + " spans several replication domains;"
                    + " only a single-domain cluster is supported yet");
        }
        return Optional.of(parse(s));
    }

    static Gtid parse(String s) {
        String[] p = s.trim().split("-");
        if (p.length != 3) {
            throw new IllegalArgumentException("not a GTID (domain-server-seq): " + s);
        }
        return new Gtid(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    }

    /** The seq of a position list, 0 when empty. */
    static long seqOf(String list) throws MultiDomainException {
        return single(list).map(Gtid::seq).orElse(0L);
    }

    @Override
    public String toString() {
        return domain + "-" + server + "-" + seq;
    }

    /** A position list that spans more than one replication domain. */
    static final class MultiDomainException extends Exception {
        MultiDomainException(String message) {
            super(message);
        }
    }
}
