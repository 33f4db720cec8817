package io.ninjastore.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a store of any kind by its {@code type.ninja} (mmap_ninja's {@code generic.open_existing}), or as F-24 says without one. */
public final class Stores {
    private Stores() {}

    /**
     * The {@code type.ninja} of the store at {@code dir}; {@code string} for the bare directory that is
     * mmap_ninja's empty strings list (or an interrupted fill-in of one, spec F-24), which has none.
     */
    public static String type(Path dir) throws IOException {
        NumpyMmap.requireDirectory(dir);
        if (!Files.exists(dir.resolve(NinjaFiles.TYPE))) {
            if (StringsMmap.isBareStore(dir)) return StringsMmap.TYPE;
            throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "file", "missing: not a store directory");
        }
        return NinjaFiles.readType(dir);
    }

    /** Opens the store at {@code dir} read-only, as the class its type names. */
    public static Store open(Path dir) throws IOException {
        String type = type(dir);
        return switch (type) {
            case NumpyMmap.TYPE -> NumpyMmap.open(dir);
            case RaggedMmap.TYPE -> RaggedMmap.open(dir);
            case StringsMmap.TYPE -> StringsMmap.open(dir);
            default -> throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "unknown store type '" + type
                    + "': expected numpy, ragged or string" + (type.equals("offline") ? " (an offline data set: open it with OfflineDataList)" : ""));
        };
    }

    /**
     * Moves a store built complete in {@code built} (a hidden sibling of {@code target}, named as spec
     * F-36 says) into place (spec C-30): a rename, or, when {@code target} holds a store and
     * {@code options.replaceExisting()}, a swap under the old store's writer lock, so a store another
     * writer has open is never swapped away under it. With SYNC the new tree is made durable first.
     *
     * @throws StoreLockedException if a writer has the store at {@code target} open
     */
    public static void publish(Path built, Path target, WriteOptions options) throws IOException {
        Builds.publish(built, target, options);
    }

    /** Opens the store at {@code dir} for appending (exclusive lock, repair first). */
    public static Store openWritable(Path dir, WriteOptions options) throws IOException {
        String type = type(dir);
        return switch (type) {
            case NumpyMmap.TYPE -> NumpyMmap.openWritable(dir, options);
            case RaggedMmap.TYPE -> RaggedMmap.openWritable(dir, options);
            case StringsMmap.TYPE -> StringsMmap.openWritable(dir, options);
            default -> throw new CorruptStoreException(dir.resolve(NinjaFiles.TYPE), "type", "unknown store type '" + type + "'");
        };
    }
}
