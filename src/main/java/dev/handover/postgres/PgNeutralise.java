package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Takes a node on this host that may still promote itself out of play before anything is started or kept
 * as a primary: its promote signal file removed, then an immediate shutdown (SIGQUIT to the postmaster:
 * the startup process ends before it can finish a promotion). A process stopped by a signal does not act on
 * SIGQUIT until continued — a walreceiver stopped that way is what holds a promotion back — so stopped
 * processes are killed (SIGKILL acts on a stopped process), and a stopped postmaster is killed with its
 * children. Continuing one instead could let the promotion finish first.
 */
final class PgNeutralise {
    private static final long WAIT_MS = 30_000;

    private PgNeutralise() {
    }

    /** What was done, as the journal and the output say it; throws when the node may still be running. */
    static String stop(PgNodeDefinition n) throws IOException {
        LocalControl l = n.local().orElseThrow(() -> new IOException(n.id() + " is not on this host"));
        StringBuilder did = new StringBuilder();
        if (Files.deleteIfExists(l.dataDir().resolve("promote"))) {
            did.append("removed its promote signal file; ");
        }
        Optional<Long> pm = PgProcesses.runningPostmaster(l.dataDir());
        if (pm.isEmpty()) {
            return did.append("it was not running").toString();
        }
        List<Long> tree = PgProcesses.family(pm.get());
        List<Long> children = tree.subList(1, tree.size());
        List<Long> stopped = children.stream().filter(PgProcesses::stopped).toList();
        List<Long> live = children.stream().filter(p -> !PgProcesses.stopped(p)).toList();
        if (PgProcesses.stopped(pm.get())) {
            // A stopped postmaster acts on nothing. The live children (the startup process) die first: a walreceiver
            // gone before the startup process would let a promotion it waits for go on.
            for (long pid : live) {
                PgProcesses.signal("KILL", pid);
            }
            awaitGone(live, n);
            for (long pid : stopped) {
                PgProcesses.signal("KILL", pid);
            }
            PgProcesses.signal("KILL", pm.get());
            did.append("killed its stopped postmaster ").append(pm.get()).append(" and its ").append(children.size())
                    .append(" processes (SIGKILL, the startup process first)");
        } else {
            PgProcesses.signal("QUIT", pm.get()); // immediate shutdown: no checkpoint, the startup process ends at once
            did.append("immediate shutdown (SIGQUIT to postmaster ").append(pm.get()).append(")");
            if (!stopped.isEmpty()) {
                awaitGone(live, n); // the startup process ended before the walreceiver it waits for can go
                for (long pid : stopped) {
                    PgProcesses.signal("KILL", pid);
                }
                did.append(", then killed its processes stopped by a signal ").append(stopped).append(" (SIGKILL)");
            }
        }
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!tree.stream().allMatch(PgProcesses::gone)) {
            if (System.currentTimeMillis() > deadline) {
                for (long pid : tree) {
                    PgProcesses.signal("KILL", pid);
                }
                did.append("; still running after ").append(WAIT_MS / 1000).append(" s: killed (SIGKILL)");
                deadline = System.currentTimeMillis() + WAIT_MS;
                while (!tree.stream().allMatch(PgProcesses::gone)) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IOException(n.id() + " still runs after SIGKILL: " + tree.stream()
                                .filter(p -> !PgProcesses.gone(p)).toList());
                    }
                    pause();
                }
                break;
            }
            pause();
        }
        return did.append("; every process of it is gone").toString();
    }

    private static void awaitGone(List<Long> pids, PgNodeDefinition n) throws IOException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!pids.stream().allMatch(PgProcesses::gone)) {
            if (System.currentTimeMillis() > deadline) {
                for (long pid : pids) {
                    PgProcesses.signal("KILL", pid);
                }
            }
            if (System.currentTimeMillis() > deadline + WAIT_MS) {
                throw new IOException(n.id() + ": processes " + pids.stream().filter(p -> !PgProcesses.gone(p)).toList()
                        + " still run after SIGKILL");
            }
            pause();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the node to stop", e);
        }
    }
}
