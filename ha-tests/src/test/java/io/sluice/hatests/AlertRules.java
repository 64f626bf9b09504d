package io.sluice.hatests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The alert rules shipped in deploy/prometheus, read the way Prometheus reads them. */
record AlertRules(List<JsonNode> rules) {
    private static final Pattern METRIC = Pattern.compile("\\b(dm_[a-z_]+)\\b");

    static AlertRules load() throws IOException {
        Path file = Path.of("..", "deploy", "prometheus", "sluice.rules.yml");
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        List<JsonNode> rules = new ArrayList<>();
        root.path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return new AlertRules(rules);
    }

    Set<String> alertNames() {
        Set<String> out = new TreeSet<>();
        rules.forEach(r -> out.add(r.path("alert").asText()));
        return out;
    }

    /** Every dm_* metric some rule's expression reads. */
    Set<String> metrics() {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : rules) {
            // label values such as job="dm_master" are not metrics
            Matcher m = METRIC.matcher(r.path("expr").asText().replaceAll("\"[^\"]*\"", ""));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
