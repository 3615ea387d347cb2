package dev.handover.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * How many acknowledged writes a run's own record says it lost: the typed count a forced run keeps in its
 * finished line (any of the names below, anywhere in the report: a number, or {@code {figure, count}} exact, or
 * {@code {figure, low, high}} estimated, whose high end is the most it admits). No count recorded means none may be lost:
 * the campaign never takes a sentence or a byte figure for a number of transactions.
 */
final class RecordedLoss {
    /** Field names a record may carry the count under (the report's lost-transactions figure). */
    static final List<String> FIELDS = List.of("lostTransactions", "lostTransactionCount", "transactionsLost");

    private RecordedLoss() {
    }

    /** The largest such count in the journal's finished lines, or empty when none records one. */
    static OptionalLong in(Path journalDir) {
        return in(journalDir, false);
    }

    /**
     * The same; with {@code positionsCountTransactions} (MariaDB: a position is a GTID sequence number, one per
     * transaction in the one domain the campaign's cluster has) a record without a lost-transactions field admits
     * to its outcome's skipped positions, the typed number such a record has always kept.
     */
    static OptionalLong in(Path journalDir, boolean positionsCountTransactions) {
        Path file = journalDir.resolve("journal.jsonl");
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        ObjectMapper json = new ObjectMapper();
        long best = -1;
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.contains("\"finished\"")) {
                    continue;
                }
                JsonNode root = json.readTree(line);
                if (!"finished".equals(root.path("kind").asText())) {
                    continue;
                }
                long found = find(root);
                if (found < 0 && positionsCountTransactions && root.path("report").path("outcome").path("skippedLsn").isNumber()) {
                    found = root.path("report").path("outcome").path("skippedLsn").asLong();
                }
                best = Math.max(best, found);
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    private static long find(JsonNode node) {
        long best = -1;
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (FIELDS.contains(e.getKey()) && e.getValue().isNumber()) {
                    best = Math.max(best, e.getValue().asLong());
                } else if (FIELDS.contains(e.getKey()) && e.getValue().isObject()) {
                    // {figure: exact, count} or {figure: estimated, low, high}: the most the record admits to
                    JsonNode v = e.getValue();
                    if (v.path("count").isNumber()) {
                        best = Math.max(best, v.path("count").asLong());
                    } else if (v.path("high").isNumber()) {
                        best = Math.max(best, v.path("high").asLong());
                    }
                }
                best = Math.max(best, find(e.getValue()));
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                best = Math.max(best, find(n));
            }
        }
        return best;
    }
}
