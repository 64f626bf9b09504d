package io.sluice.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal valid task and source files for the ctl tests. */
final class CtlTestFiles {
    private CtlTestFiles() {
    }

    static final String TASK = """
            name: test-task
            task-mode: all
            target-database:
              host: 127.0.0.1
              port: 4000
              user: root
              password: ""
            mysql-instances:
              - source-id: mysql-01
              - source-id: mysql-02
            """;

    static final String SOURCE = """
            source-id: mysql-01
            from:
              host: 127.0.0.1
              port: 3306
              user: root
              password: ""
            """;

    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
