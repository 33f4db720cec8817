package io.ninjastore.spec;

import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@link Spec} annotations of the compiled test classes, read by reflection.
 *
 * <p>Why reflection over the compiled classes rather than a text search of the sources: the
 * compiler has already resolved what an annotation says, so comments, Javadoc examples (the
 * {@code Spec} annotation's own documentation names {@code F-6}) and strings cannot count as
 * coverage; and reflection can check that what carries {@code @Spec} is a test that runs by default
 * (a JUnit or jqwik test, neither disabled nor in an excluded group), which no text search can.
 *
 * <p>Stateless; each {@link #scan} walks the test classes afresh.
 */
final class SpecAnnotations {
    /** A class file that uses {@code @Spec} holds this descriptor in its constant pool: a cheap filter before loading. */
    private static final byte[] DESCRIPTOR = ("L" + Spec.class.getName().replace('.', '/') + ";").getBytes(StandardCharsets.UTF_8);

    private SpecAnnotations() {}

    /** What the scan found: each named id with the tests naming it, and every misplaced annotation. */
    record Result(Map<String, List<String>> namedBy, List<String> problems, int annotated) {}

    /**
     * Scans every class under the test-classes directory this class was loaded from.
     *
     * @param excludedTags the JUnit tags the default build leaves out (surefire's excludedGroups)
     */
    static Result scan(Set<String> excludedTags) {
        Path root = testClassesRoot();
        Map<String, List<String>> namedBy = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int annotated = 0;
        for (String name : classesUsingSpec(root)) {
            Class<?> c;
            try {
                c = Class.forName(name, false, SpecAnnotations.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(name + ": cannot be loaded to read its @Spec annotations: " + e);
                continue;
            }
            Spec onClass = c.getAnnotation(Spec.class);
            if (onClass != null) {
                annotated++;
                String why = notRunnable(c, null, excludedTags);
                if (why != null) problems.add(c.getName() + " names " + Arrays.toString(onClass.value()) + " but " + why);
                else record(namedBy, onClass, c.getName());
            }
            for (Method m : c.getDeclaredMethods()) {
                Spec s = m.getAnnotation(Spec.class);
                if (s == null) continue;
                annotated++;
                String where = c.getName() + "." + m.getName();
                String why = notRunnable(c, m, excludedTags);
                if (why != null) problems.add(where + " names " + Arrays.toString(s.value()) + " but " + why);
                else record(namedBy, s, where);
            }
        }
        return new Result(namedBy, problems, annotated);
    }

    private static void record(Map<String, List<String>> namedBy, Spec s, String where) {
        for (String id : s.value()) namedBy.computeIfAbsent(id, k -> new ArrayList<>()).add(where);
    }

    /** Why the annotated class or method is not a test of the default build, or null when it is. */
    private static String notRunnable(Class<?> c, Method m, Set<String> excludedTags) {
        if (m != null && !isTest(m)) return "is not a test method (no JUnit or jqwik test annotation)";
        if (m == null && !hasTests(c)) return "declares no test method";
        List<AnnotatedElement> scope = new ArrayList<>();
        if (m != null) scope.add(m);
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) scope.add(k);
        for (AnnotatedElement e : scope) {
            if (AnnotationSupport.isAnnotated(e, Disabled.class)) return "is @Disabled";
            for (Tag t : AnnotationSupport.findRepeatableAnnotations(e, Tag.class)) {
                if (excludedTags.contains(t.value())) return "is tagged '" + t.value() + "', which the default build excludes";
            }
        }
        return null;
    }

    /** JUnit's @Test, @ParameterizedTest, @TestFactory ... and jqwik's @Property, @Example are all (meta-)annotated @Testable. */
    private static boolean isTest(Method m) {
        return AnnotationSupport.isAnnotated(m, Testable.class);
    }

    private static boolean hasTests(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) if (isTest(m)) return true;
        }
        return false;
    }

    private static Path testClassesRoot() {
        try {
            return Path.of(SpecAnnotations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binary names of the classes under {@code root} whose class file mentions {@code @Spec}. */
    private static List<String> classesUsingSpec(Path root) {
        if (!Files.isDirectory(root)) throw new IllegalStateException("the test classes are not a directory: " + root);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".class") && mentionsSpec(p))
                    .map(p -> root.relativize(p).toString().replace(root.getFileSystem().getSeparator(), "."))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> !n.equals(Spec.class.getName()) && !n.endsWith("module-info"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean mentionsSpec(Path classFile) {
        try {
            return indexOf(Files.readAllBytes(classFile), DESCRIPTOR) >= 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** The tags the default build excludes: {@code surefire.excludedGroups} of the pom, comma separated. */
    static Set<String> excludedTags() {
        Path pom = SpecText.root().resolve("pom.xml");
        String text;
        try {
            text = Files.readString(pom);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
        Matcher m = Pattern.compile("<surefire\\.excludedGroups>([^<]*)</surefire\\.excludedGroups>").matcher(text);
        if (!m.find()) return Set.of();
        return Set.of(Arrays.stream(m.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty()).toArray(String[]::new));
    }
}
