package io.sluice.common.config;

import io.sluice.common.errors.ConfigErrors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password encryption for task and source files ({@code sluicectl encrypt}) and the metadata.
 *
 * <p>Two kinds of key. The built-in key is obfuscation, as DM's fixed key is: anyone with the
 * binary can decrypt. A cluster's masters hold their own keys (a random key made at the first
 * bootstrap, replaced by {@code encrypt --rotate}) in the raft state and hand them to their
 * workers; once a process has them ({@link #installClusterKeys}) it encrypts with the newest and
 * decrypts with any of them, and still with the built-in key, so text written before stays
 * valid. The text is base64 of a random 12-byte IV followed by the
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
    /** Newest first; empty outside a cluster (offline sluicectl) or before the masters sent theirs. */
    private static volatile List<SecretKeySpec> clusterKeys = List.of();

    private PasswordCipher() {
    }

    /** The cluster's keys, newest first (each 32 bytes); replaces the ones installed before. */
    public static void installClusterKeys(List<byte[]> keys) {
        clusterKeys = keys.stream().map(k -> new SecretKeySpec(k, "AES")).toList();
    }

    /** A new random cluster key. */
    public static byte[] newClusterKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    /** Encrypts a password with the newest cluster key (the built-in one outside a cluster); each call gives a different text. */
    public static String encrypt(String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        List<SecretKeySpec> keys = clusterKeys;
        return seal(plain, keys.isEmpty() ? KEY : keys.get(0), iv);
    }

    /** Encrypts with the built-in key, which every Sluice can read: for text that leaves the cluster. */
    public static String encryptBuiltIn(String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return seal(plain, KEY, iv);
    }

    /**
     * Encrypts with {@code key} and an IV derived from the key, {@code context} and the password
     * (as in SIV): the raft state machine must produce the same text on every master, so it
     * cannot draw a random IV. Equal passwords in one context give equal texts, nothing more.
     */
    public static String encryptDeterministic(String plain, byte[] key, String context) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(context.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] iv = java.util.Arrays.copyOf(mac.doFinal((plain == null ? "" : plain).getBytes(StandardCharsets.UTF_8)), IV_BYTES);
            return seal(plain, new SecretKeySpec(key, "AES"), iv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String seal(String plain, SecretKeySpec key, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
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
        byte[] in;
        try {
            in = Base64.getDecoder().decode(cipherText == null ? "" : cipherText.trim());
        } catch (IllegalArgumentException e) {
            throw ConfigErrors.DECRYPT_PASSWORD.wrap(e);
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw ConfigErrors.DECRYPT_PASSWORD.error();
        }
        GeneralSecurityException last = null;
        List<SecretKeySpec> keys = new ArrayList<>(clusterKeys);
        keys.add(KEY);
        for (SecretKeySpec key : keys) {
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
                return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                last = e; // the tag did not match: another key made it, or it is no cipher text
            }
        }
        throw ConfigErrors.DECRYPT_PASSWORD.wrap(last);
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
