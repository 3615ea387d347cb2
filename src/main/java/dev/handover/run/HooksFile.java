package dev.handover.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.DefinitionFile;
import dev.handover.core.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A hooks file, read field by field so a mistake is one message {@code file: field: what is wrong}:
 *
 * <pre>
 * { "preSwitchover":  [{"command": ["/usr/local/bin/change-ticket-open", "CHG-1234"], "timeout": "30s"}],
 *   "postSwitchover": [{"command": ["/usr/local/bin/notify", "done"]}],
 *   "onAbort":        [{"command": ["/usr/local/bin/notify", "aborted"]}],
 *   "webhooks":       [{"url": "https://pager.example.com/hooks/handover", "timeout": "5s"}] }
 * </pre>
 */
public final class HooksFile {
    /** How long a command or webhook may take when its entry does not say. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** A hook holds up the run (a pre-switchover one holds the run lock): bounded like a deadline. */
    public static final Durations.Range TIMEOUT = new Durations.Range(Duration.ofMillis(100), Duration.ofMinutes(10));
    private static final Set<String> TOP = Set.of("preSwitchover", "postSwitchover", "onAbort", "webhooks");
    private static final Set<String> COMMAND = Set.of("command", "timeout");
    private static final Set<String> WEBHOOK = Set.of("url", "timeout");

    private final DefinitionFile in;

    private HooksFile(Path file) {
        in = new DefinitionFile(file, "hooks get secrets from their own environment or files");
    }

    /** @throws ClusterException naming the file and the field */
    public static HookSet read(Path file) throws ClusterException {
        return new HooksFile(file).read();
    }

    private HookSet read() throws ClusterException {
        JsonNode root = in.readObject("a JSON object with preSwitchover, postSwitchover, onAbort and webhooks");
        in.checkFields(root, TOP, "");
        return new HookSet(commands(root, "preSwitchover"), commands(root, "postSwitchover"), commands(root, "onAbort"),
                webhooks(root));
    }

    private List<HookSet.Command> commands(JsonNode root, String field) throws ClusterException {
        List<HookSet.Command> out = new ArrayList<>();
        for (JsonNode entry : array(root, field)) {
            String at = field + "[" + out.size() + "]";
            object(entry, at, COMMAND);
            JsonNode argv = entry.get("command");
            if (argv == null || !argv.isArray() || argv.isEmpty()) {
                throw in.fail(at + ".command", "must be an array: the program, then its arguments (no shell)");
            }
            List<String> words = new ArrayList<>();
            for (int i = 0; i < argv.size(); i++) {
                if (!argv.get(i).isTextual() || (i == 0 && argv.get(i).asText().isBlank())) {
                    throw in.fail(at + ".command[" + i + "]", i == 0 ? "must name the program" : "must be a string");
                }
                words.add(argv.get(i).asText());
            }
            out.add(new HookSet.Command(words, timeout(entry, at)));
        }
        return out;
    }

    private List<HookSet.Webhook> webhooks(JsonNode root) throws ClusterException {
        List<HookSet.Webhook> out = new ArrayList<>();
        for (JsonNode entry : array(root, "webhooks")) {
            String at = "webhooks[" + out.size() + "]";
            object(entry, at, WEBHOOK);
            String text = in.text(entry, "url", at + ".url");
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                throw in.fail(at + ".url", "is not a URL: " + e.getReason());
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw in.fail(at + ".url", "must be an http:// or https:// URL with a host");
            }
            out.add(new HookSet.Webhook(url, timeout(entry, at)));
        }
        return out;
    }

    private List<JsonNode> array(JsonNode root, String field) throws ClusterException {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw in.fail(field, "must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        return out;
    }

    private void object(JsonNode entry, String at, Set<String> fields) throws ClusterException {
        if (!entry.isObject()) {
            throw in.fail(at, "must be an object with " + String.join(" and ", fields.stream().sorted().toList()));
        }
        in.checkFields(entry, fields, at + ".");
    }

    private Duration timeout(JsonNode entry, String at) throws ClusterException {
        if (!entry.has("timeout")) {
            return DEFAULT_TIMEOUT;
        }
        String text = in.text(entry, "timeout", at + ".timeout");
        Durations.Parsed parsed = Durations.parse(at + ".timeout", text, TIMEOUT);
        if (parsed instanceof Durations.Ok ok) {
            return ok.value();
        }
        throw ClusterException.inFile(in.file(), ((Durations.Invalid) parsed).message());
    }
}
