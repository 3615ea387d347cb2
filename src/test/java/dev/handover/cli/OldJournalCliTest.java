package dev.handover.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A journal written by main before the journal's names became types reads in the CLI exactly as main read it:
 * {@code history}, {@code history --show} of each run, {@code recover} and {@code metrics}, word for word, compared
 * with main's own output on the same file (captured with main's jar, the journal's directory written as
 * {@code $JOURNAL}). Two journals: the five runs of {@code main-2026-12-07.jsonl} (committed, forced, declined,
 * poll-failed, vetoed), and the same without the forced run's finished line, so that run reads as unfinished.
 */
class OldJournalCliTest {
    private static final String[] RUNS = {"20261207-123130-d28898", "20261207-123144-2d8513", "20261207-123148-4b332e",
            "20261207-123151-6ff963", "20261207-123203-9519d6"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"main-2026-12-07.jsonl, j, show", "main-2026-12-07-unfinished.jsonl, ju, showu"})
    void anOldJournalReadsInTheCliAsMainReadIt(String fixture, String suffix, String show) throws IOException {
        Files.write(dir.resolve("journal.jsonl"), resource("/journal/" + fixture));
        List<String> differ = new ArrayList<>();
        compare(differ, "history-" + suffix, "history", "--journal", dir.toString());
        compare(differ, "recover-" + suffix, "recover", "--journal", dir.toString());
        compare(differ, "metrics-" + suffix, "metrics", "--journal", dir.toString());
        for (String run : RUNS) {
            compare(differ, show + "-" + run, "history", "--journal", dir.toString(), "--show", run);
        }
        assertEquals(List.of(), differ);
    }

    private void compare(List<String> differ, String expected, String... args) throws IOException {
        CliTest.Result r = CliTest.cli(args);
        String want = new String(resource("/journal/main-2026-12-07-cli/" + expected + ".txt"), StandardCharsets.UTF_8)
                .replace("$JOURNAL", dir.toString());
        String got = r.out() + r.err();
        if (!want.equals(got)) {
            differ.add(String.join(" ", args) + ":\n--- main said:\n" + want + "--- this build says:\n" + got);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OldJournalCliTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
