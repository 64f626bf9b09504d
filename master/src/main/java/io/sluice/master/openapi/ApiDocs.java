package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3 spec of what this master serves, as YAML and JSON, and a self-contained page that
 * lists its endpoints (no CDN: masters often run without internet access).
 */
final class ApiDocs {
    private static final MediaType YAML_TYPE = MediaType.parse("application/yaml; charset=utf-8");

    private final String yaml;
    private final String json;
    private final String page;

    ApiDocs() {
        yaml = resource("/openapi/dm.yaml");
        page = resource("/openapi/docs.html");
        try {
            json = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled OpenAPI spec is not valid YAML", e);
        }
    }

    @Get("/dm.yaml")
    public HttpResponse specYaml() {
        return HttpResponse.of(HttpStatus.OK, YAML_TYPE, yaml);
    }

    @Get("/dm.json")
    public HttpResponse specJson() {
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json);
    }

    @Get("/docs")
    public HttpResponse docs() {
        return HttpResponse.of(HttpStatus.OK, MediaType.HTML_UTF_8, page);
    }

    private static String resource(String path) {
        try (InputStream in = ApiDocs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
