package dev.handover.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds where a field like {@code nodes[1].applyRate} sits in a JSON text, so a problem found after
 * parsing (a duplicate id, a second primary) still points at a line. A field that is missing points
 * at the object that lacks it.
 */
final class JsonLocator {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLocator() {
    }

    static Optional<JsonLocation> locate(String json, String field) {
        String pointer = toPointer(field);
        while (true) {
            Optional<JsonLocation> at = find(json, JsonPointer.compile(pointer));
            if (at.isPresent() || pointer.isEmpty()) {
                return at;
            }
            pointer = pointer.substring(0, pointer.lastIndexOf('/'));
        }
    }

    private static Optional<JsonLocation> find(String json, JsonPointer target) {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY
                        && p.getParsingContext().pathAsPointer().equals(target)) {
                    return Optional.of(p.currentTokenLocation());
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    // pathAsPointer of a container start names the container's own slot in its parent
                    if (p.getParsingContext().getParent() != null
                            && p.getParsingContext().getParent().pathAsPointer().equals(target)) {
                        return Optional.of(p.currentTokenLocation());
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** {@code nodes[1].applyRate} → {@code /nodes/1/applyRate}. */
    static String toPointer(String field) {
        if (field.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (String part : field.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            s.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            if (bracket >= 0) {
                for (String idx : part.substring(bracket + 1).split("\\[")) {
                    s.append('/').append(idx.replace("]", ""));
                }
            }
        }
        return s.toString();
    }
}
