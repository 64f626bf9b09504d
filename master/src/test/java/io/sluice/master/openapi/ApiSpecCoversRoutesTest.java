package io.sluice.master.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Patch;
import com.linecorp.armeria.server.annotation.Post;
import com.linecorp.armeria.server.annotation.Put;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every route the OpenAPI serves is in the spec at /api/v1/dm.yaml with its method, and the spec lists nothing it does not serve. */
class ApiSpecCoversRoutesTest {
    private static final List<Class<?>> ENDPOINTS = List.of(ClusterEndpoints.class, SourceEndpoints.class, RelayEndpoints.class,
            TaskEndpoints.class, TaskProgressEndpoints.class, CheckDataEndpoint.class, SchemaEndpoints.class);

    @Test
    void theSpecAndTheRoutesAgree() throws Exception {
        Set<String> served = new TreeSet<>();
        for (Class<?> c : ENDPOINTS) {
            for (Method m : c.getDeclaredMethods()) {
                add(served, "get", m.getAnnotation(Get.class) == null ? null : m.getAnnotation(Get.class).value());
                add(served, "post", m.getAnnotation(Post.class) == null ? null : m.getAnnotation(Post.class).value());
                add(served, "put", m.getAnnotation(Put.class) == null ? null : m.getAnnotation(Put.class).value());
                add(served, "patch", m.getAnnotation(Patch.class) == null ? null : m.getAnnotation(Patch.class).value());
                add(served, "delete", m.getAnnotation(Delete.class) == null ? null : m.getAnnotation(Delete.class).value());
            }
        }
        Set<String> documented = new TreeSet<>();
        try (InputStream in = ApiDocs.class.getResourceAsStream("/openapi/dm.yaml")) {
            JsonNode paths = new YAMLMapper().readTree(in).path("paths");
            paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
                if (!method.equals("parameters")) {
                    documented.add(method + " " + p.getKey());
                }
            }));
        }
        // the spec and its page describe the API rather than belong to it
        documented.removeIf(r -> r.endsWith("/dm.yaml") || r.endsWith("/dm.json") || r.endsWith("/docs"));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertEquals(Set.of(), undocumented, "served but not in the spec");
        assertEquals(Set.of(), notServed, "in the spec but not served");
    }

    private static void add(Set<String> routes, String method, String path) {
        if (path != null) {
            routes.add(method + " " + path);
        }
    }
}
