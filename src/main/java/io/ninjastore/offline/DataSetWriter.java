package io.ninjastore.offline;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.io.FileIo;
import io.ninjastore.store.Casting;
import io.ninjastore.store.CastingException;
import io.ninjastore.store.Durability;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.Stores;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.store.WriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Builds a data set in a hidden sibling of its destination and publishes it whole (spec C-60..C-62):
 * the destination holds nothing, the previous data set, or the complete new one, never a mix.
 * Entries are validated as they come (name, metadata, dtype, rank) so that an error names the entry
 * and loses nothing written before; they are buffered and written in batches.
 *
 * <p>Not thread-safe: one producer adds entries. The writer owns its stores until {@link #commit} or
 * {@link #abort}.
 */
final class DataSetWriter {
    static final String BUILDING = ".building-";
    private static final String TYPE_FILE = "type.ninja";
    /** A batch is written when it holds this many entries... */
    private static final int BATCH_ENTRIES = 4096;
    /** ...or this many bytes of data, which bounds the memory buffered entries hold. */
    private static final long BATCH_BYTES = 32L << 20;

    private final Path target;
    private final Path build;
    private final CompileOptions options;
    private final WriteOptions storeOptions;
    private final FileIo io = FileIo.DEFAULT;
    private final StringsMmap names;
    private final StringsMmap metadata;
    private RaggedMmap data;

    private DType dtype;
    private int ndim = -1;
    private long count;
    private final Set<String> seen = new HashSet<>();
    private final List<NdArray> pendingData = new ArrayList<>();
    private final List<String> pendingNames = new ArrayList<>();
    private final List<String> pendingMetadata = new ArrayList<>();
    private long pendingBytes;
    private boolean finished;
    /** Why the build was thrown away before commit, if it was. */
    private Exception failure;

    private DataSetWriter(Path target, Path build, CompileOptions options, WriteOptions storeOptions, StringsMmap names,
                          StringsMmap metadata) {
        this.target = target;
        this.build = build;
        this.options = options;
        this.storeOptions = storeOptions;
        this.names = names;
        this.metadata = metadata;
        this.dtype = options.dtype();
    }

    /** Checks the destination, then starts the build aside: {@code type.ninja} and the two strings stores. */
    static DataSetWriter begin(Path target, CompileOptions options) throws IOException {
        checkTarget(target, options.force());
        WriteOptions storeOptions = WriteOptions.defaults().withDurability(options.durability());
        FileIo io = FileIo.DEFAULT;
        Path build = sibling(target, BUILDING);
        StringsMmap names = null;
        try {
            io.createDirectories(build);
            io.replaceAtomically(build.resolve(TYPE_FILE), Manifest.TYPE.getBytes(StandardCharsets.US_ASCII),
                    options.durability() == Durability.SYNC);
            names = StringsMmap.create(build.resolve(DataSet.NAMES), storeOptions);
            StringsMmap metadata = StringsMmap.create(build.resolve(DataSet.METADATA), storeOptions);
            return new DataSetWriter(target, build, options, storeOptions, names, metadata);
        } catch (IOException | RuntimeException e) {
            if (names != null) closeQuietly(names, e);
            deleteQuietly(io, build, e);
            throw e;
        }
    }

    /**
     * A destination may be absent or an empty directory; with {@code force} it may also hold an
     * offline data set, to be replaced. Anything else is never deleted.
     */
    static void checkTarget(Path target, boolean force) throws IOException {
        if (!Files.exists(target)) return;
        if (!Files.isDirectory(target)) throw new FileAlreadyExistsException(target.toString(), null, "a file is in the way");
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isEmpty()) return;
        }
        if (!force) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; pass force (CLI: --force) to replace a data set");
        }
        boolean dataSet;
        try {
            dataSet = Files.exists(target.resolve(TYPE_FILE)) && Stores.type(target).equals(Manifest.TYPE);
        } catch (RuntimeException e) {
            dataSet = false;
        }
        if (!dataSet) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "is not an offline data set; force only ever replaces a data set, never other files");
        }
    }

    static Path sibling(Path target, String kind) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + kind + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** The directory the data set is being built in (hidden until {@link #commit}). */
    Path buildDirectory() { return build; }

    long count() { return count; }

    /** Committed, or aborted on request: nothing is left to do. A build discarded by a failure is not done. */
    boolean isDone() { return finished && failure == null; }

    /**
     * Adds an entry. Checks everything before changing any state, so a refused entry leaves the
     * writer as it was.
     *
     * @param where names the entry in messages (its source file, or "entry N")
     * @param owned whether {@code x} may be kept as is until written; otherwise it is copied first
     */
    void add(NdArray x, Map<String, ?> meta, String name, String where, boolean owned) throws IOException {
        requireOpen();
        checkName(name, where);
        if (seen.contains(name)) throw new IllegalArgumentException(where + ": the name '" + name + "' is already taken by an earlier entry");
        String json = MetadataJson.write(meta == null ? Map.of() : meta, where); // no metadata is {} (F-40)
        DType target = dtype != null ? dtype : x.dtype();
        if (ndim >= 0 && x.ndim() != ndim) {
            throw new IllegalArgumentException(where + ": has " + x.ndim() + " axes " + Arrays.toString(x.shape()) + " but the entries before it have "
                    + ndim + "; every entry of a data set has the same number of axes (F-42)");
        }
        NdArray v = x;
        if (x.dtype() != target) {
            if (options.casting() == Casting.SAFE && !x.dtype().canCastSafelyTo(target)) {
                throw new CastingException(where, x.dtype(), target, where + ": cannot store " + x.dtype() + " data in a " + target
                        + " data set without losing information; pass a dtype with Casting.UNSAFE to convert");
            }
            v = x.astype(target);
        } else if (!owned) {
            v = x.copy();
        }
        dtype = target;
        ndim = x.ndim();
        seen.add(name);
        pendingData.add(v);
        pendingNames.add(name);
        pendingMetadata.add(json);
        pendingBytes += v.byteSize();
        count++;
        if (pendingData.size() >= BATCH_ENTRIES || pendingBytes >= BATCH_BYTES) {
            try {
                flush();
            } catch (IOException | RuntimeException e) {
                failure = e;
                finished = true;
                discard(e);
                throw e;
            }
        }
    }

    /** A name is a relative path with {@code /} separators and no empty, {@code .} or {@code ..} part (F-40). */
    static void checkName(String name, String where) {
        if (name == null) throw new IllegalArgumentException(where + ": the name is null");
        String why = null;
        if (name.indexOf('\\') >= 0) why = "has a backslash; names use '/' separators";
        else if (Arrays.stream(name.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            why = "is not a relative path: it has an empty, '.' or '..' part";
        } else if (MetadataJson.loneSurrogate(name) >= 0) {
            why = "has a lone surrogate, which has no UTF-8 encoding";
        }
        if (why != null) throw new IllegalArgumentException(where + ": the name '" + name + "' " + why);
    }

    private void flush() throws IOException {
        if (pendingData.isEmpty()) return;
        if (data == null) data = RaggedMmap.create(build.resolve(DataSet.DATA), dtype, storeOptions);
        data.extend(pendingData);
        names.extend(pendingNames);
        metadata.extend(pendingMetadata);
        pendingData.clear();
        pendingNames.clear();
        pendingMetadata.clear();
        pendingBytes = 0;
    }

    /**
     * Writes what is buffered, then {@code manifest.json} (the commit point, C-61), then moves the build
     * into place, swapping out a data set it replaces (C-62). On failure the build is deleted and the
     * destination is left as it was.
     *
     * @throws IllegalArgumentException for a data set without entries and without a dtype
     */
    void commit() throws IOException {
        requireOpen();
        finished = true;
        try {
            flush();
            if (data == null) {
                if (dtype == null) {
                    throw new IllegalArgumentException(target + ": no entries were added, so the data set needs an explicit dtype");
                }
                data = RaggedMmap.create(build.resolve(DataSet.DATA), dtype, storeOptions);
            }
            closeStores();
            boolean sync = options.durability() == Durability.SYNC;
            io.replaceAtomically(build.resolve(Manifest.FILE), Manifest.bytes(count), sync);
            publish(sync);
        } catch (IOException | RuntimeException e) {
            discard(e);
            throw e;
        }
    }

    private void publish(boolean sync) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        io.createDirectories(parent);
        checkTarget(target, options.force()); // again: something may have appeared while we built
        Path parked = null;
        if (Files.isDirectory(abs)) {
            try (Stream<Path> s = Files.list(abs)) {
                if (s.findAny().isEmpty()) Files.delete(abs); // an empty directory stands for "absent"
                else parked = sibling(abs, DataSet.REPLACED);
            }
        }
        if (parked != null) io.rename(abs, parked);
        io.rename(build, abs);
        if (sync) io.syncDirectory(parent);
        if (parked != null) io.deleteRecursively(parked);
    }

    /** Throws the build away; the destination is untouched. Idempotent. */
    void abort() throws IOException {
        if (finished) return;
        finished = true;
        IOException e = new IOException("could not discard the build " + build + " of " + target);
        discard(e);
        if (e.getSuppressed().length > 0) throw e;
    }

    private void discard(Exception cause) {
        pendingData.clear();
        try {
            closeStores();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        deleteQuietly(io, build, cause);
    }

    private void closeStores() throws IOException {
        IOException first = null;
        for (AutoCloseable c : new AutoCloseable[] {data, names, metadata}) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = e instanceof IOException x ? x : new IOException(e);
            }
        }
        if (first != null) throw first;
    }

    private void requireOpen() {
        if (failure != null) throw new IllegalStateException("the data set for " + target + " was discarded: an earlier write failed", failure);
        if (finished) throw new IllegalStateException("the data set for " + target + " is already committed or aborted");
    }

    private static void closeQuietly(AutoCloseable c, Exception cause) {
        try {
            c.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteQuietly(FileIo io, Path dir, Exception cause) {
        try {
            io.deleteRecursively(dir);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
