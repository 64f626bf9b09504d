package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password encryption for task and source files ({@code sluicectl encrypt}).
 *
 * <p>This is obfuscation, as DM's is: the key is built into every Sluice binary, so it only
 * keeps passwords from being read at a glance in files, logs and the metadata store. Anyone
 * with the binary can decrypt. The text is base64 of a random 12-byte IV followed by the
 * AES-GCM cipher text and tag; the random IV makes two encryptions of one password differ,
 * and the tag lets {@link #plain} tell a cipher text from a plain password reliably.
 */
public final class PasswordCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[] {
        (byte) 0x53, (byte) 0x6c, (byte) 0x75, (byte) 0x69, (byte) 0x63, (byte) 0x65, (byte) 0x2d, (byte) 0x6f,
        (byte) 0x62, (byte) 0x66, (byte) 0x75, (byte) 0x73, (byte) 0x63, (byte) 0x61, (byte) 0x74, (byte) 0x65,
        (byte) 0x9e, (byte) 0x31, (byte) 0x47, (byte) 0xd2, (byte) 0x0b, (byte) 0x8a, (byte) 0x65, (byte) 0xc4,
        (byte) 0x7f, (byte) 0x12, (byte) 0xe3, (byte) 0x58, (byte) 0xa6, (byte) 0x3d, (byte) 0x90, (byte) 0x2c,
    }, "AES");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordCipher() {
    }

    /** Encrypts a password; each call gives a different text for the same password. */
    public static String encrypt(String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, KEY, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = c.doFinal((plain == null ? "" : plain).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every JDK; failing here means a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Decrypts a text made by {@link #encrypt}.
     *
     * @throws io.sluice.common.errors.SluiceException DECRYPT_PASSWORD when it is not one
     */
    public static String decrypt(String cipherText) {
        try {
            byte[] in = Base64.getDecoder().decode(cipherText == null ? "" : cipherText.trim());
            if (in.length < IV_BYTES + TAG_BITS / 8) {
                throw ConfigErrors.DECRYPT_PASSWORD.error();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, KEY, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw ConfigErrors.DECRYPT_PASSWORD.wrap(e);
        }
    }

    /** The password to send: the decryption of a cipher text, or the configured text itself (DM accepts plain passwords). */
    public static String plain(String configured) {
        if (configured == null || configured.isEmpty()) {
            return "";
        }
        try {
            return decrypt(configured);
        } catch (RuntimeException e) {
            return configured;
        }
    }
}
