package io.sluice.common.filter.expression;

import com.fasterxml.jackson.databind.JsonNode;

/** The subset of MySQL's JSON path language filters need: {@code $}, {@code .key}, {@code ."key"}, {@code [n]}. */
final class JsonPath {
    private JsonPath() {
    }

    /** The node at {@code path}, or null when the path leads nowhere. */
    static JsonNode walk(JsonNode root, String path) {
        String p = path.trim();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("invalid JSON path " + path);
        }
        JsonNode node = root;
        int i = 1;
        while (i < p.length() && node != null) {
            char c = p.charAt(i);
            if (c == '.') {
                i++;
                String key;
                if (i < p.length() && p.charAt(i) == '"') {
                    int end = p.indexOf('"', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("invalid JSON path " + path);
                    }
                    key = p.substring(i + 1, end);
                    i = end + 1;
                } else {
                    int start = i;
                    while (i < p.length() && p.charAt(i) != '.' && p.charAt(i) != '[') {
                        i++;
                    }
                    key = p.substring(start, i);
                }
                if (key.isEmpty() || key.equals("*")) {
                    throw new IllegalArgumentException("unsupported JSON path " + path);
                }
                node = node.isObject() ? node.get(key) : null;
            } else if (c == '[') {
                int end = p.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("invalid JSON path " + path);
                }
                String idx = p.substring(i + 1, end).trim();
                if (!idx.matches("\\d+")) {
                    throw new IllegalArgumentException("unsupported JSON path " + path);
                }
                node = node.isArray() ? node.get(Integer.parseInt(idx)) : null;
                i = end + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                throw new IllegalArgumentException("invalid JSON path " + path);
            }
        }
        return node;
    }
}
