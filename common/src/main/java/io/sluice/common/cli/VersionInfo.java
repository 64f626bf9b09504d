package io.sluice.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * The version lines every Sluice program prints for {@code -V}, in dmctl's shape with the Go line
 * replaced by the Java runtime.
 * Build details come from {@code version.properties} next to this class, which a release build
 * may overwrite; without one the fields say "None".
 */
public final class VersionInfo {
    private VersionInfo() {
    }

    /** The release version alone, e.g. for a status endpoint. */
    public static String release() {
        return lines().get(0).substring("Release Version: ".length());
    }

    public static List<String> lines() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to the defaults below: a missing build stamp must not break -V
        }
        String release = p.getProperty("release.version", "");
        if (release.isEmpty()) {
            String impl = VersionInfo.class.getPackage().getImplementationVersion();
            release = impl == null ? "None" : "v" + impl;
        }
        return List.of(
                "Release Version: " + release,
                "Git Commit Hash: " + p.getProperty("git.commit", "None"),
                "Git Branch: " + p.getProperty("git.branch", "None"),
                "UTC Build Time: " + p.getProperty("build.time", "None"),
                "Java Version: " + System.getProperty("java.version") + " " + System.getProperty("java.vendor", "")
                        + " " + System.getProperty("os.name", "").toLowerCase() + "/" + System.getProperty("os.arch", ""));
    }
}
