package io.sluice.hatests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.errors.ErrorCode;
import io.sluice.common.errors.ErrorCodeTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/errors.md must list exactly the codes Sluice can emit. This module sees every other
 * module's classes, so it loads each main class that defines a code (found in the sources, so a
 * new *Errors class cannot be forgotten) and compares the rendered table with the file.
 * {@code -Dsluice.errors.write=true} (scripts/gen-errors-doc.sh) rewrites the file instead.
 */
class ErrorCodeDocTest {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern DEFINE = Pattern.compile("ErrorCode\\.define\\(\\s*(\\d+)");

    @Test
    void theDocListsEveryRegisteredCode() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("common")),
                "run from the ha-tests module of the reactor, not " + root);
        TreeSet<Integer> inSources = new TreeSet<>();
        for (String className : classesDefiningCodes(root, inSources)) {
            Class.forName(className, true, getClass().getClassLoader());
        }
        List<ErrorCode> codes = ErrorCode.all();
        TreeSet<Integer> registered = new TreeSet<>(codes.stream().map(ErrorCode::code).toList());
        assertTrue(registered.containsAll(inSources),
                "codes in the sources but not registered: " + difference(inSources, registered));
        assertFalse(codes.isEmpty());

        String rendered = ErrorCodeTable.markdown(codes);
        Path doc = root.resolve("docs").resolve("errors.md");
        if (Boolean.getBoolean("sluice.errors.write")) {
            Files.writeString(doc, rendered);
        }
        String current = Files.exists(doc) ? Files.readString(doc) : "";
        assertEquals(rendered, current, "docs/errors.md disagrees with the error registry: run scripts/gen-errors-doc.sh");
    }

    /** The main classes under every module whose source defines a code; their numbers go to {@code numbers}. */
    private static List<String> classesDefiningCodes(Path root, TreeSet<Integer> numbers) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 12)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/")).sorted().toList()) {
                String text = Files.readString(f);
                Matcher define = DEFINE.matcher(text);
                boolean defines = false;
                while (define.find()) {
                    numbers.add(Integer.parseInt(define.group(1)));
                    defines = true;
                }
                Matcher pkg = PACKAGE.matcher(text);
                if (defines && pkg.find()) {
                    String simple = f.getFileName().toString().replace(".java", "");
                    out.add(pkg.group(1) + "." + simple);
                }
            }
        }
        return out;
    }

    private static TreeSet<Integer> difference(TreeSet<Integer> a, TreeSet<Integer> b) {
        TreeSet<Integer> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
