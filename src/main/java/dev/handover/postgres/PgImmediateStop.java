package dev.handover.postgres;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stops a node on this host now, whatever state its processes are in, so that it cannot go on to promote: the
 * one hard stop for a withdrawn commit ({@link PgWithdrawal}) and for a repair's pending promotion
 * ({@link PgNeutralise}). An immediate shutdown (SIGQUIT to the postmaster, what {@code pg_ctl stop -m immediate}
 * sends: no checkpoint, the startup process ends at once), escalated to SIGKILL, and done only when every process
 * of the postmaster's family is gone. A zombie counts as gone: it holds nothing, runs nothing.
 *
 * <p>A process stopped by a signal (SIGSTOP, a debugger) acts on nothing but SIGKILL until it is continued, and a
 * stopped walreceiver is what holds back a promotion the startup process already took: continuing it could let
 * that promotion finish first, so stopped processes are killed, never continued. The processes that can act go
 * first — a walreceiver gone before the startup process would let the promotion it holds go on — and a stopped
 * postmaster, which acts on nothing, is killed with its children.
 */
final class PgImmediateStop {
    /** How long processes may take to go after SIGKILL; longer means a process hung in the kernel. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private final String nodeId;
    private final LocalControl local;
    private final PgCtl ctl;

    PgImmediateStop(String nodeId, LocalControl local, PgCtl ctl) {
        this.nodeId = nodeId;
        this.local = local;
        this.ctl = ctl;
    }

    /**
     * Stops the node; {@code wait} is how long the immediate shutdown may take before SIGKILL. Returns what it
     * took, in words; throws when processes are still there afterwards (or this process may not signal them).
     */
    String stop(Duration wait) throws IOException {
        Optional<Long> pid = PgProcesses.pidFilePid(local.dataDir());
        if (pid.isEmpty() || PgProcesses.gone(pid.get())) {
            return nodeId + " was not running (no live postmaster for " + local.dataDir() + ")";
        }
        long pm = pid.get();
        Optional<String> other = PgProcesses.otherProgram(pm);
        if (other.isPresent()) {
            // A stale pid file whose pid now belongs to some other program: that program is not signalled.
            return nodeId + " was not running (no live postmaster for " + local.dataDir() + "; its stale postmaster.pid "
                    + "names " + pm + ", now " + other.get() + ")";
        }
        long began = System.nanoTime();
        List<Long> family = PgProcesses.family(pm);
        List<Long> children = family.subList(1, family.size());
        List<Long> held = children.stream().filter(PgProcesses::stopped).toList();
        List<Long> acting = children.stream().filter(p -> !PgProcesses.stopped(p)).toList();
        if (PgProcesses.stopped(pm)) {
            // A stopped postmaster acts on nothing, SIGQUIT included: its processes are killed here, the acting ones first.
            requireMaySignal(family, "its postmaster " + pm + " is stopped by a signal");
            kill(acting);
            awaitKilled(acting);
            kill(held);
            kill(List.of(pm));
            awaitKilled(family);
            return nodeId + "'s postmaster " + pm + " was stopped by a signal: killed it and its " + children.size()
                    + " processes (SIGKILL, the startup process first); all gone after " + since(began) + " ms";
        }
        ctl.signalStop(pm, "QUIT", "immediate");
        if (held.isEmpty()) {
            if (PgProcesses.awaitGone(family, wait)) {
                return "stopped " + nodeId + " immediately (SIGQUIT to its postmaster " + pm + "; it and its "
                        + children.size() + " children exited within " + since(began) + " ms)";
            }
            return escalated(pm, family, wait, began);
        }
        // The stopped processes cannot act on the SIGQUIT; the startup process ends before the walreceiver it waits for.
        if (!PgProcesses.awaitGone(acting, wait)) {
            return escalated(pm, family, wait, began);
        }
        if (ctl.maySignal()) {
            kill(held);
        } else if (PgProcesses.awaitGone(family, wait)) {
            // the postmaster kills children that ignore an immediate shutdown itself, 5 s on (PostgreSQL 14 and later)
            return "stopped " + nodeId + " immediately (SIGQUIT to its postmaster " + pm + "; its processes stopped by a "
                    + "signal " + held + " were killed by the postmaster; all gone after " + since(began) + " ms)";
        } else {
            requireMaySignal(family, "its processes " + held + " are stopped by a signal");
        }
        if (!PgProcesses.awaitGone(family, AFTER_KILL)) {
            return escalated(pm, family, wait, began);
        }
        return "stopped " + nodeId + " immediately (SIGQUIT to its postmaster " + pm + ", then killed its processes stopped "
                + "by a signal " + held + " with SIGKILL; it and its " + children.size() + " children exited within "
                + since(began) + " ms)";
    }

    /** SIGKILL to every process of the family still there, after the immediate shutdown did not end them in time. */
    private String escalated(long pm, List<Long> family, Duration waited, long began) throws IOException {
        Set<Long> all = new LinkedHashSet<>(PgProcesses.family(pm));
        all.addAll(family);
        List<Long> left = all.stream().filter(p -> !PgProcesses.gone(p)).toList();
        if (left.isEmpty()) { // the last of them went just now
            return "stopped " + nodeId + " immediately (SIGQUIT to its postmaster " + pm + "; it and its " + (family.size() - 1)
                    + " children exited within " + since(began) + " ms)";
        }
        List<String> seen = left.stream().map(p -> p + (PgProcesses.stopped(p) ? " (stopped)" : "")).toList();
        String late = nodeId + " did not stop within " + waited.toSeconds() + "s of an immediate shutdown";
        requireMaySignal(left, late);
        // The ones that can act first, as in the stop itself; the stopped ones and the postmaster after them.
        List<Long> acting = left.stream().filter(p -> p != pm && !PgProcesses.stopped(p)).toList();
        kill(acting);
        awaitKilled(acting);
        kill(left);
        awaitKilled(left);
        return late + " (SIGQUIT; processes " + String.join(", ", seen) + " still there): killed its postmaster " + pm
                + " and every child with SIGKILL; all gone after " + since(began) + " ms";
    }

    /** Throws, saying who may kill them, when this process may not signal the node's processes. */
    private void requireMaySignal(List<Long> pids, String why) throws IOException {
        if (!ctl.maySignal()) {
            throw new IOException(why + " (processes " + String.join(", ", pids.stream().filter(p -> !PgProcesses.gone(p))
                    .map(p -> p + (PgProcesses.stopped(p) ? " (stopped)" : "")).toList()) + " still there) and Handover may "
                    + "not signal them as " + System.getProperty("user.name") + ": kill -9 them as "
                    + local.osUser().orElse("their owner"));
        }
    }

    private void kill(List<Long> pids) throws IOException {
        List<Long> live = pids.stream().filter(p -> !PgProcesses.gone(p)).toList();
        if (!live.isEmpty()) {
            try {
                ctl.kill("KILL", live);
            } catch (IOException e) {
                // one of them exited between the listing and the signal; whether all are gone is checked after
            }
        }
    }

    private void awaitKilled(List<Long> pids) throws IOException {
        if (!PgProcesses.awaitGone(pids, AFTER_KILL)) {
            throw new IOException(nodeId + " did not stop: processes " + String.join(", ", pids.stream()
                    .filter(p -> !PgProcesses.gone(p)).map(String::valueOf).toList()) + " survived SIGKILL");
        }
    }

    private static long since(long began) {
        return (System.nanoTime() - began) / 1_000_000;
    }
}
