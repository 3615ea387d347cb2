package dev.handover.campaign;

import dev.handover.cli.CliRun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code handover recover} as a DBA runs it after a run went wrong: list what needs recovery, copy the command it
 * names ({@code --release} or {@code --repair} with the run id), and, when the repair asks for approval (no
 * terminal here), approve it as a script would: {@code --yes}, and {@code --discard NODE:COUNT} exactly as the plan
 * showed when it discards acknowledged writes. What was approved is kept: rule (iii) allows a repair to discard
 * no more than that.
 */
final class Dba {
    private static final Pattern FROM_HERE = Pattern.compile("From here: handover recover --journal (\\S+) (--release|--repair) (\\S+)");
    private static final Pattern DISCARD = Pattern.compile("--discard (\\S+?)[\\s;,.)]*(?:\\s|$)");

    private final Path journal;
    private final Cell cell;
    private String lastRun;
    /** Acknowledged writes approved for discarding, per node, over every repair so far; -1 = approved without a count. */
    final Map<String, Long> approved = new HashMap<>();

    Dba(Path journal, Cell cell) {
        this.journal = journal;
        this.cell = cell;
    }

    /**
     * One round: recover, then the command it names; with {@code again}, the same repair once more even when recover
     * no longer lists the run (the DBA of issue 20 ran it again after the walreceiver woke up). What it printed.
     */
    Optional<CliRun> round(String which, boolean again) {
        CliRun listed = CliRun.of(journal, "recover", "--journal", journal.toString());
        cell.log(which + " recover: exit " + listed.code() + "\n" + PgCell.tail(listed.out() + listed.err(), 8));
        Matcher m = FROM_HERE.matcher(listed.out());
        String verb;
        if (m.find()) {
            verb = m.group(2);
            lastRun = m.group(3);
        } else if (again && lastRun != null) {
            verb = "--repair"; // the DBA runs the same repair again
        } else {
            cell.log(which + ": recover names no command");
            return Optional.empty();
        }
        List<String> args = new ArrayList<>(List.of("recover", "--journal", journal.toString(), verb, lastRun));
        CliRun r = CliRun.of(journal, args.toArray(String[]::new));
        String said = r.out() + r.err();
        if (verb.equals("--repair") && said.contains("add --yes")) {
            // No terminal: the plan was printed and nothing changed. Approve it as a script does, loss and all.
            args.add("--yes");
            Matcher d = DISCARD.matcher(said.substring(said.lastIndexOf("add --yes")));
            if (d.find()) {
                args.add("--discard");
                args.add(d.group(1));
                for (String part : d.group(1).split(",")) {
                    String[] nc = part.split(":");
                    if (nc.length == 2) {
                        long n = nc[1].matches("\\d+") ? Long.parseLong(nc[1]) : -1;
                        approved.merge(nc[0], n, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
                    }
                }
            }
            cell.log(which + " recover " + verb + " printed its plan and asked:\n" + PgCell.tail(said, 10));
            r = CliRun.of(journal, args.toArray(String[]::new));
        }
        cell.log(which + " " + String.join(" ", args.subList(3, args.size())) + ": exit " + r.code() + "\n"
                + PgCell.tail(r.out() + r.err(), 14));
        return Optional.of(r);
    }

    /** How many acknowledged writes on {@code node} the DBA approved discarding (0 when none; -1 approved uncounted). */
    long approvedOn(String node) {
        return approved.getOrDefault(node, 0L);
    }

    long approvedTotal() {
        return approved.values().stream().mapToLong(v -> Math.max(0, v)).sum();
    }
}
