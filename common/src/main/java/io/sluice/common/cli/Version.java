package io.sluice.common.cli;

/** The -V text of every Sluice program, in the shape of DM's version lines. */
public final class Version {
    public static final String RELEASE = "v0.1.0-sluice";

    private Version() {
    }

    public static String[] lines(String program) {
        Package p = Version.class.getPackage();
        String impl = p == null || p.getImplementationVersion() == null ? "0.1.0-SNAPSHOT" : p.getImplementationVersion();
        return new String[] {
            "Release Version: " + RELEASE,
            "Program: " + program,
            "Build Version: " + impl,
            "Java Version: " + System.getProperty("java.version"),
        };
    }
}
