package io.sluice.ctl.command;

import io.sluice.common.config.PasswordCipher;
import io.sluice.ctl.CtlErrors;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Bridge to {@code PasswordCipher.encrypt(String)} / {@code decrypt(String)} (static, String →
 * String), which are being added to sluice-common in parallel with this module. They are looked up
 * reflectively so that the ctl builds and its other commands work before that change lands; once
 * it has, replace the two calls below with direct calls.
 */
final class Passwords {
    private Passwords() {
    }

    static String encrypt(String plain) {
        return invoke("encrypt", plain);
    }

    static String decrypt(String cipher) {
        return invoke("decrypt", cipher);
    }

    private static String invoke(String method, String arg) {
        Method m;
        try {
            m = PasswordCipher.class.getMethod(method, String.class);
        } catch (NoSuchMethodException e) {
            throw CtlErrors.CIPHER_UNAVAILABLE.error(method + "ion");
        }
        try {
            return (String) m.invoke(null, arg);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // the cipher's own coded error, e.g. 20010 for a bad ciphertext
            }
            throw CtlErrors.UNEXPECTED.wrap(e.getCause());
        } catch (IllegalAccessException e) {
            throw CtlErrors.UNEXPECTED.wrap(e);
        }
    }
}
