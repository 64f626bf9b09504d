package io.sluice.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void duplicateCodeIsRejected() {
        ErrorCode existing = ConfigErrors.UNUSED_RULE; // loads the class, registering its codes
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ErrorCode.define(
                existing.code(), ErrorClass.CONFIG, ErrorScope.INTERNAL, ErrorLevel.LOW, "again"));
        assertTrue(e.getMessage().contains(String.valueOf(existing.code())));
        assertSame(existing, ErrorCode.lookup(existing.code()), "the first definition stays");
    }

    @Test
    void messageCarriesDmStyleTag() {
        SluiceException e = ConfigErrors.UNUSED_RULE.error("filters", "f1");
        assertTrue(e.getMessage().startsWith("[code=20015:class=config:scope=internal:level=medium] "), e.getMessage());
        assertEquals("the filters `f1` is defined but not used by any mysql-instance", e.description());
    }
}
