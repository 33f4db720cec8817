package io.ninjastore.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The files a compile takes from its source folder, named and ordered (lardon's folder walk). */
final class SourceFiles {
    private SourceFiles() {}

    /** A source file and its entry name: the path relative to the folder, with {@code /} separators. */
    record SourceFile(Path path, String name) {}

    /**
     * Every regular file below {@code root} (recursively, not following directory links) that
     * {@code options} accepts, ordered by name as Strings compare.
     */
    static List<SourceFile> find(Path root, CompileOptions options) throws IOException {
        if (!Files.exists(root)) throw new NoSuchFileException(root.toString(), null, "source folder missing");
        if (!Files.isDirectory(root)) throw new NotDirectoryException(root.toString());
        List<SourceFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> options.accepts(p.getFileName().toString()))
                    .forEach(p -> out.add(new SourceFile(p, name(root, p))));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.sort(Comparator.comparing(SourceFile::name));
        return List.copyOf(out);
    }

    /** The entry name of {@code file} under {@code root}. */
    static String name(Path root, Path file) {
        Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        if (rel.toString().isEmpty() || rel.startsWith("..")) {
            throw new IllegalArgumentException(file + " is not inside the source folder " + root);
        }
        List<String> parts = new ArrayList<>();
        for (Path p : rel) parts.add(p.toString());
        return String.join("/", parts);
    }

    /** Refuses a destination inside the source (its build would be walked) or a source inside the destination. */
    static void requireApart(Path src, Path dst) throws IOException {
        Path a = real(src);
        Path b = real(dst);
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new IllegalArgumentException("the source folder " + src + " and the destination " + dst
                    + " must not contain one another");
        }
    }

    /** The real path as far as it exists, the rest appended: compares links and relative paths fairly. */
    private static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        return existing.toRealPath().resolve(existing.relativize(abs));
    }
}
