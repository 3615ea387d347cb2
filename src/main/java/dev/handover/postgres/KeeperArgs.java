package dev.handover.postgres;

import dev.handover.postgres.bouncer.BouncerDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FreezeKeeper}'s command line ({@code --name value} pairs, as {@link KeeperProcess} writes them), read
 * into what the keeper needs. Apart from the keeper because reading arguments is not keeping a lease.
 */
record KeeperArgs(KeeperAfterCommit.Watched primary, KeeperAfterCommit.Watched target, Duration lease, String runWho,
                  Path log, List<BouncerDefinition> bouncers) {

    static KeeperArgs parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[]{"lease-ms", "log", "run", "primary-id", "primary-url", "primary-user",
                "target-id", "target-url", "target-user"}) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        return new KeeperArgs(watched(a, "primary"), watched(a, "target"), Duration.ofMillis(Long.parseLong(a.get("lease-ms"))),
                a.get("run"), Path.of(a.get("log")), bouncers(a));
    }

    /** {@code --bouncer<i>-id}, {@code -host}, {@code -port}, {@code -user}, {@code -databases}, {@code -target-file}, {@code -password-env}. */
    private static List<BouncerDefinition> bouncers(Map<String, String> a) {
        List<BouncerDefinition> out = new ArrayList<>();
        for (int i = 0; a.containsKey("bouncer" + i + "-id"); i++) {
            String k = "bouncer" + i + "-";
            out.add(new BouncerDefinition(a.get(k + "id"), a.get(k + "host"), Integer.parseInt(a.get(k + "port")),
                    a.get(k + "user"), Optional.ofNullable(a.get(k + "password-env")),
                    List.of(a.get(k + "databases").split(",")), Path.of(a.getOrDefault(k + "target-file", "-")),
                    BouncerDefinition.DEFAULT_PAUSE_TIMEOUT));
        }
        return out;
    }

    /**
     * Only what a session needs: the URL, the user, the name of the password's environment variable; and, for
     * retargeting the pools after a commit cut short, its host and port ({@code --<role>-host}, {@code -port}).
     */
    private static PgNodeDefinition node(Map<String, String> a, String role) {
        return new PgNodeDefinition(a.get(role + "-id"), "", a.get(role + "-url"), a.getOrDefault(role + "-host", ""),
                Integer.parseInt(a.getOrDefault(role + "-port", "0")), "", a.get(role + "-user"),
                Optional.ofNullable(a.get(role + "-password-env")), Optional.empty());
    }

    /** The node with its data directory ({@code --<role>-data-dir}) when it runs on this host. */
    private static KeeperAfterCommit.Watched watched(Map<String, String> a, String role) {
        return new KeeperAfterCommit.Watched(node(a, role), Optional.ofNullable(a.get(role + "-data-dir")).map(Path::of));
    }
}
