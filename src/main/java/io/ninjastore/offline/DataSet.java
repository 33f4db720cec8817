package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.CorruptStoreException;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An open offline data set (spec F-40..F-42): its three stores and the committed length from
 * {@code manifest.json}. The single owner of the mappings: every list and entry derived from it
 * reads through it, and {@link #close()} ends them all.
 *
 * <p>Thread-safety: reads are safe from any thread (the stores are); the name index is built once,
 * lazily, under this object's lock.
 */
final class DataSet implements AutoCloseable {
    static final String DATA = "data";
    static final String NAMES = "names";
    static final String METADATA = "metadata";
    /** Where a {@code --force} compile parks the data set it replaces until the new one is in place (spec C-62). */
    static final String REPLACED = ".replaced-";

    final Path dir;
    final long length;
    private final RaggedMmap data;
    private final StringsMmap names;
    private final StringsMmap metadata;
    /** The number of axes every entry has (F-42): entry 0's, or -1 for an empty data set. */
    private final int ndim;
    private Map<String, Long> byName;

    private DataSet(Path dir, long length, RaggedMmap data, StringsMmap names, StringsMmap metadata) {
        this.dir = dir;
        this.length = length;
        this.data = data;
        this.names = names;
        this.metadata = metadata;
        this.ndim = length == 0 ? -1 : data.shape(0).length;
    }

    /**
     * Opens read-only: the manifest first (the commit point, spec C-61), then the stores, each of which
     * must hold at least the committed entries (F-41). On failure everything opened is closed again.
     */
    static DataSet open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) throw new NotDirectoryException(dir.toString()); // a file there is no "no such file"
            throw missing(dir);
        }
        String type = Stores.type(dir);
        if (!type.equals(Manifest.TYPE)) {
            Path typeFile = dir.resolve("type.ninja");
            throw new CorruptStoreException(typeFile, "type", "expected 'offline', found " + (Files.exists(typeFile) ? "'" + type
                    + "': open a " + type + " store with its own class" : "none: without one the directory is at most an empty strings store (F-24)"));
        }
        long n = Manifest.readLength(dir);
        RaggedMmap data = null;
        StringsMmap names = null;
        StringsMmap meta = null;
        try {
            data = RaggedMmap.open(store(dir, DATA));
            names = StringsMmap.open(store(dir, NAMES));
            meta = StringsMmap.open(store(dir, METADATA));
            requireLength(dir.resolve(DATA), data.length(), n);
            requireLength(dir.resolve(NAMES), names.length(), n);
            requireLength(dir.resolve(METADATA), meta.length(), n);
            return new DataSet(dir, n, data, names, meta);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {meta, names, data}) {
                if (c == null) continue;
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static Path store(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isDirectory(p)) throw new CorruptStoreException(p, "directory", "missing: every offline data set has " + name + "/ (F-40)");
        return p;
    }

    private static void requireLength(Path store, long has, long n) {
        if (has < n) {
            throw new CorruptStoreException(store, "length", "holds " + has + " entries but manifest.json commits " + n);
        }
    }

    /** A missing data set, pointing at the copy an interrupted {@code compile --force} left aside, if any. */
    private static NoSuchFileException missing(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path parent = abs.getParent();
        String prefix = "." + abs.getFileName() + REPLACED;
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> s = Files.list(parent)) {
                var parked = s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst();
                if (parked.isPresent()) {
                    return new NoSuchFileException(dir.toString(), null, "no data set here, but " + parked.get().getFileName()
                            + " holds the one an interrupted compile --force was replacing: rename it back to " + abs.getFileName());
                }
            }
        }
        return new NoSuchFileException(dir.toString(), null, "no offline data set (directory missing)");
    }

    DType dtype() { return data.dtype(); }

    int ndim() { return ndim; }

    /** Entry {@code i} as stored: a zero-copy view living until {@link #close()}. */
    NdArray stored(long i) {
        NdArray a = data.get(checked(i));
        requireNdim(i, a.ndim());
        return a;
    }

    /** The stored shape of entry {@code i}, read from the index without touching the data. */
    long[] storedShape(long i) {
        long[] s = data.shape(checked(i));
        requireNdim(i, s.length);
        return s;
    }

    private void requireNdim(long i, int n) {
        if (n != ndim) {
            throw new CorruptStoreException(dir.resolve(DATA), "shapes[" + i + "]", "entry " + i + " has " + n
                    + " axes but entry 0 has " + ndim + "; every entry of a data set has the same number of axes (F-42)");
        }
    }

    String name(long i) { return names.get(checked(i)); }

    /** The metadata of entry {@code i}: a fresh map on every call. */
    LinkedHashMap<String, Object> metadata(long i) {
        String text = metadata.get(checked(i));
        LinkedHashMap<String, Object> m = MetadataJson.read(text);
        if (m == null) {
            throw new CorruptStoreException(dir.resolve(METADATA), "entry " + i, "is not a JSON object: "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
        return m;
    }

    /** The position of the entry named {@code name}, or -1. Builds the name index on first use. */
    synchronized long find(String name) {
        if (byName == null) {
            Map<String, Long> m = new HashMap<>();
            for (long i = 0; i < length; i++) m.putIfAbsent(names.get(i), i);
            byName = m;
        }
        return byName.getOrDefault(name, -1L);
    }

    private long checked(long i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("entry " + i + " is out of bounds for the " + length + " entries of " + dir);
        }
        return i;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (AutoCloseable c : new AutoCloseable[] {metadata, names, data}) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e instanceof IOException io ? io : new IOException(e);
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
