package io.sluice.common.config;

import static io.sluice.common.config.TaskFileTest.HEAD;
import static io.sluice.common.config.TaskFileTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import org.junit.jupiter.api.Test;

/** {@code loaders.*.on-duplicate} as start-task checks it: replace (the default), ignore or error. */
class LoaderOnDuplicateTest {
    private static String task(String loader) {
        return HEAD + """
                mysql-instances:
                  - source-id: s1
                    loader-config-name: l
                loaders:
                  l: %s
                """.formatted(loader);
    }

    @Test
    void replaceIsTheDefaultAndEveryDocumentedValueIsAccepted() {
        assertEquals("replace", ConfigFiles.parseTask(task("{pool-size: 4}")).instance("s1").loader.onDuplicate);
        for (String v : new String[] {"replace", "ignore", "error", "ERROR"}) {
            assertEquals(v, ConfigFiles.parseTask(task("{on-duplicate: " + v + "}")).instance("s1").loader.onDuplicate);
        }
    }

    @Test
    void anyOtherValueIsACodedErrorNamingTheKey() {
        // "overwrite" is the OpenAPI spelling of replace; the task file does not take it
        SluiceException e = fails(task("{on-duplicate: overwrite}"));
        assertEquals(ConfigErrors.INVALID_VALUE, e.code());
        assertTrue(e.getMessage().contains("loaders.l.on-duplicate") && e.getMessage().contains("overwrite"), e.getMessage());
    }
}
