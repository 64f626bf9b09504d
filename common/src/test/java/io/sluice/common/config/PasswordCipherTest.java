package io.sluice.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.common.errors.ConfigErrors;
import io.sluice.common.errors.SluiceException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordCipherTest {
    @Test
    void roundTrip() {
        String c = PasswordCipher.encrypt("s3cr€t pass");
        assertEquals("s3cr€t pass", PasswordCipher.decrypt(c));
        assertEquals("s3cr€t pass", PasswordCipher.plain(c));
        assertEquals("", PasswordCipher.decrypt(PasswordCipher.encrypt("")));
    }

    @Test
    void samePasswordEncryptsDifferentlyEachTime() {
        String a = PasswordCipher.encrypt("123456");
        String b = PasswordCipher.encrypt("123456");
        assertNotEquals(a, b);
        assertNotEquals("123456", a);
        assertEquals(PasswordCipher.decrypt(a), PasswordCipher.decrypt(b));
    }

    @Test
    void plainPasswordsPassThrough() {
        assertEquals("123456", PasswordCipher.plain("123456"));
        // Valid base64 of the right length but not ours: still taken as plain text.
        String lookalike = Base64.getEncoder().encodeToString(new byte[40]);
        assertEquals(lookalike, PasswordCipher.plain(lookalike));
        assertEquals("", PasswordCipher.plain(null));
    }

    @Test
    void decryptRejectsTamperedOrForeignText() {
        String c = PasswordCipher.encrypt("pw");
        byte[] raw = Base64.getDecoder().decode(c);
        raw[raw.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(raw);
        SluiceException e = assertThrows(SluiceException.class, () -> PasswordCipher.decrypt(tampered));
        assertEquals(ConfigErrors.DECRYPT_PASSWORD, e.code());
        assertEquals(ConfigErrors.DECRYPT_PASSWORD, assertThrows(SluiceException.class, () -> PasswordCipher.decrypt("not base64!")).code());
        assertEquals(ConfigErrors.DECRYPT_PASSWORD, assertThrows(SluiceException.class, () -> PasswordCipher.decrypt("YWJj")).code());
    }
}
