package dev.handover.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a scenario document: strict JSON (no coercion, no unknown fields) into plain documents,
 * then into a {@link Scenario} with defaults filled in. Every failure is one {@link Problem}
 * naming the field and, where the parser knows it, the line and column.
 */
final class ScenarioJson {
    static final Duration DEFAULT_LINK_DELAY = Duration.ofMillis(5);
    static final double DEFAULT_APPLY_RATE = 4_000_000;

    private static final ObjectMapper MAPPER = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
        // A number where text belongs ("title": 5) is a mistake in the file, not something to guess at.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** What was wrong, where: {@code field} like {@code nodes[1].applyRate}; line/column 0 when unknown. */
    record Problem(String field, String message, int line, int column) {
        String describe() {
            String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
            return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    static final class Invalid extends Exception {
        final Problem problem;

        Invalid(Problem problem) {
            super(problem.describe());
            this.problem = problem;
        }
    }

    record ScenarioDoc(String name, String title, String briefing, List<NodeDoc> nodes, LoadDoc load,
                       List<FaultDoc> faults) {
    }

    record NodeDoc(String id, String addr, String region, String role, Long term, Double applyRate,
                   String linkDelay, Long behind, Boolean stalled) {
    }

    record LoadDoc(Double writesPerSecond, Integer writeSize, Double jitter, BurstDoc burst) {
    }

    record BurstDoc(String every, String length, Double factor, String offset) {
    }

    record FaultDoc(String at, String fault, String node, Double factor, String duration) {
    }

    private ScenarioJson() {
    }

    static Scenario parse(String json) throws Invalid {
        if (json.isBlank()) {
            throw invalid("", "the file is empty; expected a scenario object { \"name\": ..., \"nodes\": [...], ... }");
        }
        ScenarioDoc doc;
        try {
            doc = MAPPER.readValue(json, ScenarioDoc.class);
        } catch (JsonProcessingException e) {
            throw new Invalid(fromJackson(e));
        }
        if (doc == null) {
            throw invalid("", "expected a JSON object, got null");
        }
        try {
            Scenario s = toScenario(doc);
            Optional<String> problem = s.problem();
            if (problem.isPresent()) {
                String p = problem.get();
                int colon = p.indexOf(": ");
                throw invalid(p.substring(0, colon), p.substring(colon + 2));
            }
            return s;
        } catch (Invalid e) {
            // Found after parsing: look the field up in the text so the message still has a line.
            Problem p = e.problem;
            Optional<JsonLocation> at = JsonLocator.locate(json, p.field());
            throw at.isEmpty() ? e : new Invalid(new Problem(p.field(), p.message(), at.get().getLineNr(),
                    at.get().getColumnNr()));
        }
    }

    private static Scenario toScenario(ScenarioDoc d) throws Invalid {
        String name = required(d.name(), "name");
        String title = required(d.title(), "title");
        String briefing = required(d.briefing(), "briefing");
        List<NodeDoc> nodeDocs = required(d.nodes(), "nodes");
        List<NodeSpec> nodes = new ArrayList<>();
        Long primaryTerm = null;
        for (int i = 0; i < nodeDocs.size(); i++) {
            NodeDoc n = nodeDocs.get(i);
            if (n != null && "primary".equals(n.role()) && n.term() != null && primaryTerm == null) {
                primaryTerm = n.term();
            }
        }
        for (int i = 0; i < nodeDocs.size(); i++) {
            nodes.add(toNode(required(nodeDocs.get(i), "nodes[" + i + "]"), "nodes[" + i + "].", primaryTerm));
        }
        WriteLoad load = toLoad(required(d.load(), "load"));
        List<ScriptedFault> faults = new ArrayList<>();
        List<FaultDoc> faultDocs = d.faults() == null ? List.of() : d.faults();
        for (int i = 0; i < faultDocs.size(); i++) {
            faults.add(toFault(required(faultDocs.get(i), "faults[" + i + "]"), "faults[" + i + "]."));
        }
        return new Scenario(name, title, briefing, nodes, load, faults);
    }

    private static NodeSpec toNode(NodeDoc n, String at, Long primaryTerm) throws Invalid {
        String role = required(n.role(), at + "role");
        NodeSpec.Role r = switch (role) {
            case "primary" -> NodeSpec.Role.PRIMARY;
            case "replica" -> NodeSpec.Role.REPLICA;
            default -> throw invalid(at + "role", "expected \"primary\" or \"replica\", got \"" + role + "\"");
        };
        long term;
        if (r == NodeSpec.Role.PRIMARY) {
            term = required(n.term(), at + "term");
        } else {
            // A replica follows the primary's term unless the file says otherwise.
            term = n.term() != null ? n.term() : primaryTerm != null ? primaryTerm : 0;
        }
        return new NodeSpec(required(n.id(), at + "id"), required(n.addr(), at + "addr"),
                required(n.region(), at + "region"), r, term,
                n.applyRate() == null ? DEFAULT_APPLY_RATE : n.applyRate(),
                n.linkDelay() == null ? DEFAULT_LINK_DELAY : duration(n.linkDelay(), at + "linkDelay"),
                n.behind() == null ? 0 : n.behind(),
                n.stalled() != null && n.stalled());
    }

    private static WriteLoad toLoad(LoadDoc l) throws Invalid {
        Optional<WriteLoad.Burst> burst = Optional.empty();
        if (l.burst() != null) {
            BurstDoc b = l.burst();
            burst = Optional.of(new WriteLoad.Burst(
                    duration(required(b.every(), "load.burst.every"), "load.burst.every"),
                    duration(required(b.length(), "load.burst.length"), "load.burst.length"),
                    required(b.factor(), "load.burst.factor"),
                    b.offset() == null ? Duration.ZERO : duration(b.offset(), "load.burst.offset")));
        }
        return new WriteLoad(required(l.writesPerSecond(), "load.writesPerSecond"),
                required(l.writeSize(), "load.writeSize"), l.jitter() == null ? 0.0 : l.jitter(), burst);
    }

    private static ScriptedFault toFault(FaultDoc f, String at) throws Invalid {
        String name = required(f.fault(), at + "fault");
        FaultKind kind = FaultKind.byJsonName(name).orElseThrow(() ->
                invalid(at + "fault", "unknown fault \"" + name + "\" (known: " + FaultKind.jsonNames() + ")"));
        if ((kind == FaultKind.SLOW || kind == FaultKind.SPIKE) && f.factor() == null) {
            throw invalid(at + "factor", "missing; fault \"" + name + "\" needs a factor");
        }
        if (kind != FaultKind.SLOW && kind != FaultKind.SPIKE && f.factor() != null) {
            throw invalid(at + "factor", "fault \"" + name + "\" takes no factor");
        }
        Duration duration = Duration.ZERO;
        if (kind == FaultKind.SPIKE) {
            duration = duration(required(f.duration(), at + "duration"), at + "duration");
        } else if (f.duration() != null) {
            throw invalid(at + "duration", "fault \"" + name + "\" takes no duration");
        }
        return new ScriptedFault(duration(required(f.at(), at + "at"), at + "at"), kind,
                Optional.ofNullable(f.node()), f.factor() == null ? 1.0 : f.factor(), duration);
    }

    private static Duration duration(String text, String field) throws Invalid {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
    }

    private static <T> T required(T value, String field) throws Invalid {
        if (value == null) {
            throw invalid(field, "missing (required)");
        }
        return value;
    }

    private static Invalid invalid(String field, String message) {
        return new Invalid(new Problem(field, message, 0, 0));
    }

    private static Problem fromJackson(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        String field = "";
        String message;
        if (e instanceof JsonMappingException m) {
            field = path(m);
        }
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field \"" + u.getPropertyName() + "\"";
        } else if (original.startsWith("Trailing token")) {
            message = "unexpected content after the scenario object";
        } else if (e instanceof InputCoercionException || original.contains("out of range")) {
            message = "number out of range: " + plain(original);
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "expected " + typeName(m.getTargetType());
        } else {
            message = "not valid JSON: " + plain(original);
        }
        return new Problem(field, message, Math.max(line, 0), Math.max(column, 0));
    }

    /** Jackson's first line without its dump of the parser's source and location (the message gives line and column). */
    static String plain(String jacksonMessage) {
        String m = jacksonMessage.lines().findFirst().orElse(jacksonMessage);
        int cut = m.indexOf(" (start marker at");
        return cut >= 0 ? m.substring(0, cut) : m;
    }

    private static String path(JsonMappingException m) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list [ ... ]";
        }
        return "an object { ... }" + (type.isRecord() ? "" : " (" + type.getSimpleName().toLowerCase(Locale.ROOT) + ")");
    }
}
