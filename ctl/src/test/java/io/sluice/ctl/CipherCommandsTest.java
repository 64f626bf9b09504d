package io.sluice.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CipherCommandsTest {
    private record Run(int code, String out) {
    }

    private static Run ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SluiceCtl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void encryptThenDecryptGivesThePasswordBackWithoutAMaster() {
        Run first = ctl("encrypt", "s3cret-pw");
        Run second = ctl("encrypt", "s3cret-pw");
        assertEquals(0, first.code());
        assertNotEquals(first.out(), second.out(), "a fresh IV each time, as dmctl's encrypt");
        Run back = ctl("decrypt", first.out());
        assertEquals(0, back.code());
        assertEquals("s3cret-pw", back.out());
    }

    @Test
    void decryptingGarbageFailsWithTheConfigCode() {
        Run r = ctl("decrypt", "not-a-ciphertext");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("code=20010"), r.out());
    }
}
