package io.ninjastore.store;

import io.ninjastore.io.FileIo;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creating a store at a path (spec C-30): the store is built in a hidden sibling directory and renamed
 * into place, so a path holds either nothing or a store that opens. A build from a generator publishes
 * with its first batch and appends the rest in place, committing every batch; replacing an existing
 * store builds everything aside first and then swaps.
 */
final class Builds {
    private Builds() {}

    /** Creates the store's files in an empty directory and returns the store, writable. */
    interface Creator<S, T> {
        S create(Path dir, T first, WriteOptions options) throws IOException;
    }

    /** Appends a batch to a writable store and commits it. */
    interface Extender<S, T> {
        void extend(S store, List<T> batch) throws IOException;
    }

    /** Opens the published store for further appends. */
    interface Opener<S> {
        S open(Path dir, WriteOptions options) throws IOException;
    }

    static boolean occupied(Path target) throws IOException {
        if (!Files.exists(target)) return false;
        if (!Files.isDirectory(target)) return true;
        try (var s = Files.list(target)) {
            return s.findAny().isPresent();
        }
    }

    static void checkTarget(Path target, WriteOptions options) throws IOException {
        if (occupied(target) && !options.replaceExisting()) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "a store (or other files) already exists there; pass replaceExisting (CLI: --force) to replace it");
        }
    }

    static Path tempSibling(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".building-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /**
     * Builds a store from {@code items}, committing every {@code batchSize} items. {@code first} is the
     * first item (already taken from the iterator) that decides dtype and shape.
     */
    static <S extends AutoCloseable, T> S generate(Path target, T first, Iterator<? extends T> rest, int batchSize,
                                                   WriteOptions options, Creator<S, T> creator, Extender<S, T> extender,
                                                   Opener<S> opener, String label) throws IOException {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        checkTarget(target, options);
        boolean aside = occupied(target); // replacing: everything is built aside, then swapped
        FileIo io = options.fileIo();
        Path tmp = tempSibling(target);
        try (ProgressBar bar = options.progress() ? new ProgressBarBuilder().setTaskName(label).setInitialMax(-1).build() : null) {
            S store = creator.create(tmp, first, options);
            List<T> batch = new ArrayList<>(Math.min(batchSize, 1 << 16));
            batch.add(first);
            boolean published = false;
            try {
                while (true) {
                    boolean more = rest.hasNext();
                    if (more) {
                        batch.add(rest.next());
                    }
                    if (batch.size() == batchSize || (!more && !batch.isEmpty())) {
                        extender.extend(store, batch);
                        if (bar != null) bar.stepBy(batch.size());
                        batch.clear();
                        if (!published && !aside) {
                            store.close();
                            publish(tmp, target, io, options);
                            published = true;
                            store = opener.open(target, options);
                        }
                    }
                    if (!more) break;
                }
                if (!published) {
                    store.close();
                    publish(tmp, target, io, options);
                    store = opener.open(target, options);
                }
                return store;
            } catch (Exception e) {
                try {
                    store.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            io.deleteRecursively(tmp);
            throw e;
        } catch (Exception e) {
            io.deleteRecursively(tmp);
            throw new IOException(e);
        }
    }

    /** Moves a completed build into place: a rename, or a swap when replacing (old store deleted after). */
    static void publish(Path built, Path target, FileIo io, WriteOptions options) throws IOException {
        boolean sync = options.durability() == Durability.SYNC;
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) io.createDirectories(parent);
        if (occupied(target)) {
            if (!options.replaceExisting()) throw new java.nio.file.FileAlreadyExistsException(target.toString());
            Path old = tempSibling(target);
            io.rename(target, old);
            io.rename(built, target);
            io.deleteRecursively(old);
        } else {
            if (Files.isDirectory(target)) Files.delete(target); // an empty directory the user made
            io.rename(built, target);
        }
        if (sync && parent != null) io.syncDirectory(parent);
    }
}
