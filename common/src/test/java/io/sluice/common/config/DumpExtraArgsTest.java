package io.sluice.common.config;

import static io.sluice.common.config.TaskFileTest.HEAD;
import static io.sluice.common.config.TaskFileTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import org.junit.jupiter.api.Test;

/** {@code mydumpers.*.extra-args} and {@code consistency} as start-task checks them. */
class DumpExtraArgsTest {
    private static String task(String dumper) {
        return HEAD + """
                mysql-instances:
                  - source-id: s1
                    mydumper-config-name: d
                mydumpers:
                  d: %s
                """.formatted(dumper);
    }

    @Test
    void supportedOptionsOverrideTheNamedKeys() {
        TaskConfig t = ConfigFiles.parseTask(task(
                "{threads: 2, consistency: flush, extra-args: \"--consistency none -t 8 --rows=320000 -s 1500000 -F 128\"}"));
        DumperConfig d = t.instance("s1").mydumper;
        assertEquals("none", d.consistency);
        assertEquals(8, d.threads);
        assertEquals(320000, d.rows);
        assertEquals(1500000, d.statementSize);
        assertEquals("128", d.chunkFilesize);
    }

    @Test
    void consistencyDefaultsToAutoAndIsCaseInsensitive() {
        assertEquals("auto", ConfigFiles.parseTask(task("{threads: 2}")).instance("s1").mydumper.consistency);
        assertEquals("snapshot", ConfigFiles.parseTask(task("{consistency: SNAPSHOT}")).instance("s1").mydumper.consistency);
    }

    @Test
    void anyOtherOptionIsACodedErrorNamingIt() {
        SluiceException e = fails(task("{extra-args: \"--consistency lock --regex '.*\\\\.hello$'\"}"));
        assertEquals(ConfigErrors.INVALID_VALUE, e.code());
        assertTrue(e.getMessage().contains("--regex") && e.getMessage().contains("mydumpers.d.extra-args"), e.getMessage());
        assertTrue(e.getMessage().contains("code=20012"), e.getMessage());
    }

    @Test
    void badValuesAreCodedErrors() {
        assertTrue(fails(task("{extra-args: \"--consistency sometimes\"}")).getMessage().contains("sometimes"));
        assertTrue(fails(task("{consistency: eventually}")).getMessage().contains("eventually"));
        assertTrue(fails(task("{extra-args: \"-t\"}")).getMessage().contains("needs a value"));
        assertTrue(fails(task("{extra-args: \"--rows many\"}")).getMessage().contains("positive number"));
        assertTrue(fails(task("{extra-args: \"--consistency 'none\"}")).getMessage().contains("unbalanced"));
    }
}
