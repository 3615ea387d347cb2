package dev.handover.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code synchronous_standby_names} as PostgreSQL reads it: {@code FIRST n (a, b)}, {@code ANY n (a, b)},
 * {@code n (a, b)} (FIRST), or a bare list {@code a, b} (FIRST 1); {@code *} matches any standby.
 * Empty means asynchronous replication.
 *
 * <p>The rule Handover applies to the new primary (see {@link #forNewPrimary}): keep the policy the
 * cluster had — the target's own setting when it has one, else the old primary's — as long as at least
 * {@code n} of the names it lists will stream from the new primary; otherwise the target's own name is
 * swapped for the old primary's (roles swap, so does the name), and if that is still short, the other
 * standbys are added. So writes never wait on a name that cannot connect.
 */
record SyncStandbyNames(String method, int num, List<String> names) {

    static final SyncStandbyNames ASYNC = new SyncStandbyNames("", 0, List.of());

    SyncStandbyNames {
        names = List.copyOf(names);
    }

    static SyncStandbyNames parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return ASYNC;
        }
        String method = "FIRST";
        int num = 1;
        String list = s;
        String upper = s.toUpperCase(Locale.ROOT);
        int open = s.indexOf('(');
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("synchronous_standby_names: unbalanced parenthesis in " + s);
            }
            String head = s.substring(0, open).strip();
            String headUpper = upper.substring(0, open).strip();
            if (headUpper.startsWith("ANY") || headUpper.startsWith("FIRST")) {
                method = headUpper.startsWith("ANY") ? "ANY" : "FIRST";
                head = head.substring(method.length()).strip();
            }
            num = Integer.parseInt(head);
            list = s.substring(open + 1, s.length() - 1);
        }
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.strip();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new SyncStandbyNames(method, num, names);
    }

    boolean synchronous() {
        return num > 0 && !names.isEmpty();
    }

    /** At least {@code num} of the listed names are among {@code standbys} (or the list says {@code *}). */
    boolean satisfiableBy(Collection<String> standbys) {
        if (!synchronous()) {
            return true;
        }
        if (names.contains("*")) {
            return !standbys.isEmpty();
        }
        return names.stream().filter(standbys::contains).distinct().count() >= num;
    }

    /**
     * The setting the new primary should run with.
     *
     * @param targetOwn  the target's own setting (what it would run with as primary)
     * @param oldPrimary the old primary's setting: the cluster's policy while it was primary
     * @param standbys   ids (application_names) of every node that will stream from the new primary
     */
    static SyncStandbyNames forNewPrimary(SyncStandbyNames targetOwn, SyncStandbyNames oldPrimary, String targetId,
                                          String oldPrimaryId, Set<String> standbys) {
        SyncStandbyNames policy = targetOwn.synchronous() ? targetOwn : oldPrimary;
        if (policy.satisfiableBy(standbys)) {
            return policy;
        }
        List<String> swapped = new ArrayList<>();
        for (String n : policy.names) {
            String name = n.equals(targetId) ? oldPrimaryId : n;
            if (!swapped.contains(name)) {
                swapped.add(name);
            }
        }
        for (String s : standbys.stream().sorted().toList()) {
            if (swapped.stream().filter(standbys::contains).count() >= policy.num) {
                break;
            }
            if (!swapped.contains(s)) {
                swapped.add(s);
            }
        }
        swapped.removeIf(n -> !standbys.contains(n) && !n.equals("*"));
        int num = Math.min(policy.num, swapped.size());
        return new SyncStandbyNames(policy.method, num, swapped);
    }

    /** The text form PostgreSQL accepts; empty for asynchronous. */
    String format() {
        if (!synchronous()) {
            return "";
        }
        List<String> quoted = names.stream().map(n -> n.equals("*") || n.matches("[a-z_][a-z0-9_]*") ? n
                : "\"" + n.replace("\"", "") + "\"").toList();
        return method + " " + num + " (" + String.join(", ", quoted) + ")";
    }

    @Override
    public String toString() {
        return synchronous() ? format() : "(asynchronous)";
    }
}
