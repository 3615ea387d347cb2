package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A promotion that did not complete in time, withdrawn before anything else is restarted. A target still in
 * recovery after its promotion request can finish promoting whenever what held it lets go (a walreceiver or
 * startup process stopped by SIGSTOP, a hung disk): with the old primary restarted as primary meanwhile that is
 * two writable primaries. So the target is stopped first — an immediate shutdown, escalated to SIGKILL of every
 * process it has ({@link PgCtl#stopImmediately}) — its promote signal file removed, and then its data directory
 * read: only a target that is stopped, whose control file still says it is in recovery and which holds no history
 * file of the new timeline is certain not to have promoted and unable to. Only then may the old primary be the
 * primary again. Everything seen is said, in order, in {@link Verdict#observed()}.
 */
final class PgWithdrawal {
    /** How long an immediate shutdown may take before SIGKILL; PostgreSQL's own escalation to SIGKILL comes at 5 s. */
    private static final Duration IMMEDIATE_WAIT = Duration.ofSeconds(8);

    private final PgNodeDefinition target;
    private final PgNodeDefinition oldPrimary;
    private final long newTerm;

    PgWithdrawal(PgNodeDefinition target, PgNodeDefinition oldPrimary, long newTerm) {
        this.target = target;
        this.oldPrimary = oldPrimary;
        this.newTerm = newTerm;
    }

    /**
     * What became of the target: {@code safe} only when it is certain it did not promote and cannot; {@code promoted}
     * when its data directory shows it did (then stopped); {@code observed} lists what was done and seen.
     */
    record Verdict(boolean safe, boolean promoted, List<String> observed) {
        Verdict {
            observed = List.copyOf(observed);
        }

        String text() {
            return String.join("; ", observed);
        }
    }

    /**
     * Stops the target and reads what it left; never throws: what could not be done makes the verdict unsafe. Each
     * thing done or seen goes to {@code step} as it happens (the commit's steps), and into the verdict.
     */
    Verdict withdraw(java.util.function.Consumer<String> progress, java.util.function.Consumer<String> step) {
        List<String> seen = new ArrayList<>();
        java.util.function.Consumer<String> saw = text -> {
            seen.add(text);
            step.accept(text);
        };
        if (target.local().isEmpty()) {
            saw.accept(target.id() + " has no local control here, so it cannot be stopped and its promotion request stays "
                    + "pending: it may still promote");
            return new Verdict(false, false, seen);
        }
        LocalControl local = target.local().get();
        Path dataDir = local.dataDir();
        removePromoteFile(dataDir, saw, "before stopping it");
        PgCommit.say(progress, "stopping " + target.id() + " immediately (SIGQUIT; SIGKILL to every process it has if they "
                + "are not gone within " + IMMEDIATE_WAIT.toSeconds() + "s) …");
        try {
            saw.accept(new PgCtl(target.id(), local).stopImmediately(IMMEDIATE_WAIT));
        } catch (IOException e) {
            saw.accept("stopping " + target.id() + " failed: " + e.getMessage());
            return new Verdict(false, false, seen);
        }
        removePromoteFile(dataDir, saw, "after stopping it");
        Optional<PgControlFile.State> state = controlState(local);
        Path history = dataDir.resolve("pg_wal").resolve(TimelineHistory.fileName(newTerm));
        boolean noHistory = Files.notExists(history);
        boolean historyThere = Files.exists(history);
        boolean noPromoteFile = Files.notExists(dataDir.resolve("promote"));
        saw.accept(target.id() + "'s control file says " + state.map(s -> s.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ')).orElse("(could not be read)") + "; " + (historyThere ? "its pg_wal HOLDS "
                + history.getFileName() + " (it began timeline " + newTerm + ")" : noHistory ? "its pg_wal holds no "
                + history.getFileName() + " (timeline " + newTerm + " was never begun there)" : "whether its pg_wal holds "
                + history.getFileName() + " could not be read"));
        boolean inRecovery = state.filter(s -> s == PgControlFile.State.IN_ARCHIVE_RECOVERY
                || s == PgControlFile.State.SHUT_DOWN_IN_RECOVERY).isPresent();
        boolean promoted = state.filter(s -> s == PgControlFile.State.IN_PRODUCTION || s == PgControlFile.State.SHUT_DOWN)
                .isPresent();
        return new Verdict(inRecovery && noHistory && noPromoteFile, promoted, seen);
    }

    /**
     * The request pg_promote left ({@code promote} in the data directory, read by the startup process): removed, so a
     * startup process that had not read it yet never does. PostgreSQL also removes it when the server starts.
     */
    private void removePromoteFile(Path dataDir, java.util.function.Consumer<String> saw, String when) {
        Path file = dataDir.resolve("promote");
        try {
            if (Files.deleteIfExists(file)) {
                saw.accept("removed " + target.id() + "'s promote signal file " + when + " (its startup process had not taken "
                        + "the request yet)");
            }
        } catch (IOException | SecurityException e) {
            saw.accept("could not remove " + file + " " + when + " (" + e.getMessage() + ")");
        }
    }

    /** The control file's state, read directly or through pg_controldata. */
    private static Optional<PgControlFile.State> controlState(LocalControl local) {
        Optional<PgControlFile> direct = PgControlFile.read(local.dataDir());
        if (direct.isPresent()) {
            return Optional.of(direct.get().state());
        }
        try {
            String s = new PgCtl("", local).controlData("Database cluster state");
            return switch (s) {
                case "starting up" -> Optional.of(PgControlFile.State.STARTUP);
                case "shut down" -> Optional.of(PgControlFile.State.SHUT_DOWN);
                case "shut down in recovery" -> Optional.of(PgControlFile.State.SHUT_DOWN_IN_RECOVERY);
                case "shutting down" -> Optional.of(PgControlFile.State.SHUTTING_DOWN);
                case "in crash recovery" -> Optional.of(PgControlFile.State.IN_CRASH_RECOVERY);
                case "in archive recovery" -> Optional.of(PgControlFile.State.IN_ARCHIVE_RECOVERY);
                case "in production" -> Optional.of(PgControlFile.State.IN_PRODUCTION);
                default -> Optional.empty();
            };
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The steps by hand when the target could not be made safe: the old primary must not be started as primary
     * until they are done.
     */
    List<String> stepsWhenUnsafe() {
        String dir = target.local().map(l -> l.dataDir().toString()).orElse("<its data directory>");
        return List.of(
                "on " + target.id() + "'s host, stop it at once: pg_ctl stop -m immediate -D " + dir + "; if any of its "
                        + "processes stays (one stopped with SIGSTOP cannot exit), kill -9 its postmaster and every child",
                "remove " + dir + "/promote if it is there",
                "check with pg_controldata -D " + dir + " that it says \"in archive recovery\" and that " + dir + "/pg_wal "
                        + "holds no " + TimelineHistory.fileName(newTerm) + "; if it does, " + target.id() + " promoted: "
                        + "decide which node is primary with `handover recover` before starting anything",
                "only then start " + oldPrimary.id() + " again (it comes back frozen) and run `handover recover`, which "
                        + "resumes writes on it");
    }
}
