package io.sluice.master.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body read strictly: malformed JSON and a field of the wrong type are refused with
 * the field's path, before anything is changed. Absent and null fields take their defaults.
 */
final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode node;
    private final String path;

    private JsonBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * The body's text, refused with DM's error body when over the API's limit. The body is read in
     * full first (up to Armeria's larger transport limit), so the client gets the reply instead of
     * a reset stream.
     */
    static String text(AggregatedHttpRequest req) {
        if (req.content().length() > OpenApiRoutes.MAX_REQUEST_LENGTH) {
            throw ApiException.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, OpenApiErrors.BODY_TOO_LARGE.error(OpenApiRoutes.MAX_REQUEST_LENGTH));
        }
        return req.contentUtf8();
    }

    static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            throw OpenApiErrors.MALFORMED_BODY.error("the body is empty");
        }
        try {
            return new JsonBody(JSON.readTree(text), "");
        } catch (JsonProcessingException e) {
            throw OpenApiErrors.MALFORMED_BODY.error(e.getOriginalMessage());
        }
    }

    JsonNode raw() {
        return node;
    }

    boolean isArray() {
        return node.isArray();
    }

    private JsonNode field(String name) {
        JsonNode v = node.path(name);
        return v.isNull() ? MissingNode.getInstance() : v;
    }

    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return !field(name).isMissingNode();
    }

    /** The body itself must be an object (not an array, a string or a number). */
    JsonBody requireObject(String what) {
        if (!node.isObject()) {
            throw OpenApiErrors.WRONG_TYPE.error(path.isEmpty() ? what : path, "a JSON object");
        }
        return this;
    }

    String text(String name, String dflt) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw OpenApiErrors.WRONG_TYPE.error(at(name), "a string");
        }
        return v.asText();
    }

    String requiredText(String name) {
        String v = text(name, "");
        if (v.isBlank()) {
            throw OpenApiErrors.COMMON.error("field " + at(name) + " is required");
        }
        return v;
    }

    long integer(String name, long dflt) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw OpenApiErrors.WRONG_TYPE.error(at(name), "an integer");
        }
        return v.asLong();
    }

    boolean bool(String name, boolean dflt) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw OpenApiErrors.WRONG_TYPE.error(at(name), "true or false");
        }
        return v.asBoolean();
    }

    List<String> texts(String name) {
        JsonNode v = field(name);
        return v.isMissingNode() ? List.of() : textsOf(v, at(name));
    }

    /** This node as a list of strings (DM's pause/resume bodies are a bare array of source names). */
    List<String> asTexts() {
        return textsOf(node, path.isEmpty() ? "body" : path);
    }

    private static List<String> textsOf(JsonNode v, String where) {
        if (!v.isArray()) {
            throw OpenApiErrors.WRONG_TYPE.error(where, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw OpenApiErrors.WRONG_TYPE.error(where, "an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** A nested object, or an empty one when absent. */
    JsonBody object(String name) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return new JsonBody(JSON.createObjectNode(), at(name));
        }
        if (!v.isObject()) {
            throw OpenApiErrors.WRONG_TYPE.error(at(name), "a JSON object");
        }
        return new JsonBody(v, at(name));
    }

    List<JsonBody> objects(String name) {
        JsonNode v = field(name);
        if (v.isMissingNode()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw OpenApiErrors.WRONG_TYPE.error(at(name), "an array of objects");
        }
        List<JsonBody> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw OpenApiErrors.WRONG_TYPE.error(at(name) + "[" + i + "]", "a JSON object");
            }
            out.add(new JsonBody(v.get(i), at(name) + "[" + i + "]"));
        }
        return out;
    }

    List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
