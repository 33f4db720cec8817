package io.ninjastore.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks a store without trusting it (spec C-45): the cheap check validates structure (every small
 * file, every size against the file lengths, every offset and shape of every committed sample:
 * F-1..F-23); the deep check also recomputes every CRC32C of the checksum sidecars (F-30..F-34) and
 * decodes every string as strict UTF-8 (F-22).
 *
 * <p>Unlike opening a store, which stops at the first fault, verification goes on and reports every
 * problem it finds (up to {@link #MAX_PROBLEMS}) with the file, the field and the byte range. It
 * reads files with positional reads, never through a mapping, so a file another program truncates
 * meanwhile is reported, not a crash. It takes no lock and writes nothing, so it may run beside a
 * writer: like a reader, it reads the commit point first and sees a consistent prefix (spec C-5).
 *
 * <p>Thread-safety: {@link #verify} may be called from any thread; each call is independent.
 *
 * <p>This class dispatches by store type; the checks are package-private classes, one job each:
 * {@link Findings} records what is found, {@link DirCheck} reads numpy-layout directories,
 * {@link ChecksumCheck} the checksum sidecars, {@link RaggedCheck}, {@link StringsCheck} and
 * {@link OfflineCheck} the store types.
 */
public final class StoreVerifier {
    /** Problems listed in one report; the rest are counted. */
    public static final int MAX_PROBLEMS = 1000;

    private final Findings found = new Findings();
    private final DirCheck dirs;
    private final RaggedCheck ragged;
    private final StringsCheck strings;
    private final OfflineCheck offline;

    private StoreVerifier(boolean deep) {
        ChecksumCheck checksums = new ChecksumCheck(found, deep);
        dirs = new DirCheck(found, checksums);
        ragged = new RaggedCheck(found, dirs);
        strings = new StringsCheck(found, dirs, checksums, deep);
        offline = new OfflineCheck(found, ragged, strings);
    }

    /**
     * Verifies the store (of any type, or an offline data set) at {@code dir}.
     *
     * @param deep also recompute every checksum and decode every string (reads all the data)
     * @throws NoSuchFileException when {@code dir} is not a directory
     * @throws IOException         when a file cannot be read at all (permissions, I/O error)
     */
    public static VerifyReport verify(Path dir, boolean deep) throws IOException {
        NumpyMmap.requireDirectory(dir);
        StoreVerifier v = new StoreVerifier(deep);
        try {
            String type = null;
            long length = -1;
            if (StringsMmap.isBareStore(dir)) {
                type = StringsMmap.TYPE;
                length = 0;
                v.found.note(dir + ": no type.ninja and no data: an empty strings store as mmap_ninja writes one (F-23)");
            } else {
                try {
                    type = NinjaFiles.readType(dir);
                } catch (CorruptStoreException e) {
                    v.found.problem(e);
                }
                if (type != null) {
                    length = switch (type) {
                        case NumpyMmap.TYPE -> v.denseStore(dir);
                        case RaggedMmap.TYPE -> v.ragged.check(dir, false);
                        case StringsMmap.TYPE -> v.strings.check(dir);
                        case "offline" -> v.offline.check(dir);
                        default -> {
                            v.found.problem(dir.resolve(NinjaFiles.TYPE), "type", "unknown store type '" + type
                                    + "': expected numpy, ragged, string or offline");
                            yield -1;
                        }
                    };
                }
            }
            v.leftovers(dir);
            return v.found.report(dir, type, length, deep);
        } finally {
            v.found.closeAll();
        }
    }

    private long denseStore(Path dir) throws IOException {
        CheckedDir d = dirs.read(dir, NumpyMmap.TYPE);
        if (d == null) return -1;
        dirs.committed(d, d.bytes());
        return d.rows();
    }

    /**
     * How deep a writer's temporary files can lie: an offline data set's {@code data/shapes/starts/}
     * holds them at depth 4 (a nested shapes store inside the data set's ragged store).
     */
    private static final int LEFTOVER_DEPTH = 4;

    /** A writer's temporary files (F-36): harmless, noted. */
    private void leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, LEFTOVER_DEPTH)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".tmp") || n.equals(RaggedMmap.SHAPES_NESTED_TMP);
            }).forEach(p -> found.note(p + ": a writer's temporary file (left by a crash, or in use by a writer now; harmless)"));
        } catch (java.io.UncheckedIOException e) {
            // a writer renamed a temporary file away while we listed: exactly what this looks for
        }
    }
}
