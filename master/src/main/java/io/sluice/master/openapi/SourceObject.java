package io.sluice.master.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.SourceConfig;

/**
 * The OpenAPI's source object and DM's {@code source.yaml}: a create body becomes the same file
 * {@code operate-source create} takes, and a stored file is shown as the object, password masked.
 */
final class SourceObject {
    static final String MASKED = "******";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private SourceObject() {
    }

    /** The source.yaml of a create body; {@code enable} is not part of the file. */
    static String toYaml(JsonBody body) {
        body.requireObject("source");
        ObjectNode y = YAML.createObjectNode();
        y.put("source-id", body.requiredText("source_name"));
        y.put("enable-gtid", body.bool("enable_gtid", false));
        String flavor = body.text("flavor", "");
        if (!flavor.isEmpty()) {
            y.put("flavor", flavor);
        }
        ObjectNode from = y.putObject("from");
        from.put("host", body.requiredText("host"));
        from.put("port", body.integer("port", 3306));
        from.put("user", body.requiredText("user"));
        from.put("password", body.text("password", ""));
        SecurityObject.toYaml(body.object("security"), from);
        JsonBody purge = body.object("purge");
        ObjectNode p = y.putObject("purge");
        p.put("interval", purge.integer("interval", 3600));
        p.put("expires", purge.integer("expires", 0));
        p.put("remain-space", purge.integer("remain_space", 15));
        return ConfigFiles.toYaml(y);
    }

    /** A stored source as DM shows it; the password is never shown. */
    static ObjectNode of(String yaml, boolean enabled) {
        SourceConfig s = ConfigFiles.parseSource(yaml);
        ObjectNode o = JSON.createObjectNode();
        o.put("source_name", s.sourceId);
        o.put("host", s.from.host);
        o.put("port", s.from.port);
        o.put("user", s.from.user);
        o.put("password", MASKED);
        o.put("enable", enabled);
        o.put("enable_gtid", s.enableGtid);
        o.put("flavor", s.flavor.isEmpty() ? "mysql" : s.flavor);
        SecurityObject.show(s.from.security, o);
        ObjectNode purge = o.putObject("purge");
        purge.put("interval", s.purge.interval);
        purge.put("expires", s.purge.expires);
        purge.put("remain_space", s.purge.remainSpace);
        ObjectNode relay = o.putObject("relay_config");
        relay.put("enable_relay", s.enableRelay);
        relay.put("relay_binlog_name", s.relayBinlogName);
        relay.put("relay_binlog_gtid", s.relayBinlogGtid);
        relay.put("relay_dir", s.relayDir);
        return o;
    }
}
