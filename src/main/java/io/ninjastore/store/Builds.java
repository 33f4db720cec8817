package io.ninjastore.store;

import io.ninjastore.io.FileIo;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Creating a store at a path (spec C-30): the store is built in a hidden sibling directory and renamed
 * into place, so a path holds either nothing or a store that opens. A build from a generator publishes
 * with its first batch and appends the rest in place, committing every batch; replacing an existing
 * store builds everything aside first and then swaps.
 *
 * <p>The writer lock is held from the first file written to the last commit: it moves with the
 * directory when the build is renamed into place, so no other writer can slip in between.
 */
final class Builds {
    /** Marks a build in progress (or abandoned by a crash) beside its target: {@code .NAME.building-*}. */
    static final String BUILDING = ".building-";
    /** Marks a replaced store between the two renames of a swap: {@code .NAME.replaced-*}. */
    static final String REPLACED = ".replaced-";

    private Builds() {}

    /** Creates the store's files in an empty directory and returns the store, writable and locked. */
    interface Creator<S, T> {
        S create(Path dir, T first, WriteOptions options) throws IOException;
    }

    /** Creates an empty store's files in an empty directory. */
    interface EmptyCreator<S> {
        S create(Path dir, WriteOptions options) throws IOException;
    }

    /** Appends a batch to a writable store and commits it. */
    interface Extender<S, T> {
        void extend(S store, List<T> batch) throws IOException;
    }

    /** Opens the published store for further appends under a lock already held (and now owned by the store). */
    interface Opener<S> {
        S open(Path dir, WriteOptions options, WriterLock lock) throws IOException;
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
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a store (or other files) already exists there; pass replaceExisting (CLI: --force) to replace it");
        }
    }

    static Path tempSibling(Path target, String marker) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + marker + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** An empty store at {@code target}, built aside and published (spec C-30), returned writable. */
    static <S extends Store> S createEmpty(Path target, WriteOptions options, EmptyCreator<S> creator, Opener<S> opener)
            throws IOException {
        recoverInterrupted(target, options.fileIo());
        checkTarget(target, options);
        Path tmp = tempSibling(target, BUILDING);
        S store = null;
        try {
            store = creator.create(tmp, options);
            return publishAndReopen(store, tmp, target, options, opener);
        } catch (Throwable e) {
            abandon(store, tmp, options, e);
            throw e;
        }
    }

    /**
     * Builds a store from {@code items}, committing every {@code batchSize} items. {@code first} is the
     * first item (already taken from the iterator) that decides dtype and shape.
     */
    static <S extends Store, T> S generate(Path target, T first, Iterator<? extends T> rest, int batchSize,
                                           WriteOptions options, Creator<S, T> creator, Extender<S, T> extender,
                                           Opener<S> opener, String label) throws IOException {
        if (batchSize <= 0) throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        recoverInterrupted(target, options.fileIo());
        checkTarget(target, options);
        boolean aside = occupied(target); // replacing: everything is built aside, then swapped
        Path tmp = tempSibling(target, BUILDING);
        S store = null;
        boolean published = false;
        try (ProgressBar bar = options.progress() ? new ProgressBarBuilder().setTaskName(label).setInitialMax(-1).build() : null) {
            store = creator.create(tmp, first, options);
            List<T> batch = new ArrayList<>(Math.min(batchSize, 1 << 16));
            batch.add(first);
            // A full batch is committed before the next item is taken: memory stays bounded by the
            // batch, and a generator asked for item j knows that every whole batch before it is committed.
            do {
                fill(batch, rest, batchSize);
                extender.extend(store, batch);
                if (bar != null) bar.stepBy(batch.size());
                batch.clear();
                if (!published && !aside) {
                    S s = store;
                    store = null; // publishAndReopen closes it whatever happens
                    store = publishAndReopen(s, tmp, target, options, opener);
                    published = true;
                }
            } while (rest.hasNext());
            if (!published) {
                S s = store;
                store = null;
                store = publishAndReopen(s, tmp, target, options, opener);
                published = true;
            }
            return store;
        } catch (Throwable e) {
            // Committed batches of a published store stay (each was a commit); an unpublished build goes.
            abandon(store, published ? null : tmp, options, e);
            throw e;
        }
    }

    /**
     * Takes items until the batch is full or the generator ends. Its own method, not a loop inside
     * {@link #generate}: {@code generate} runs once per build, so its loop could only be compiled on
     * the stack, and that compilation was thrown away at the build's first rare branch (publishing),
     * leaving the generator's loop interpreted for most of the next builds in a process. A small
     * method called once per batch is compiled whole, early, and stays compiled.
     */
    private static <T> void fill(List<T> batch, Iterator<? extends T> rest, int batchSize) {
        while (batch.size() < batchSize && rest.hasNext()) batch.add(rest.next());
    }

    /**
     * Closes a failed build's store (releasing its lock) and, for an exception, deletes the unpublished
     * directory. For an {@link Error} (the JVM may be failing) the directory is left for the next build
     * to clean up: nothing is written then.
     */
    private static void abandon(Store store, Path unpublished, WriteOptions options, Throwable cause) {
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        if (unpublished != null && cause instanceof Exception) {
            try {
                options.fileIo().deleteRecursively(unpublished);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Closes the built store keeping its lock, renames it into place, and reopens it under that lock. */
    private static <S extends Store> S publishAndReopen(S built, Path tmp, Path target, WriteOptions options, Opener<S> opener)
            throws IOException {
        WriterLock lock = handleOf(built).detachLock();
        try {
            built.close();
            publish(tmp, target, options);
        } catch (Throwable e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return opener.open(target, options, lock);
    }

    private static StoreHandle handleOf(Store s) {
        return switch (s) {
            case NumpyMmap n -> n.handle;
            case RaggedMmap r -> r.handle;
            case StringsMmap x -> x.handle;
        };
    }

    /**
     * Moves a completed build into place: a rename, or a swap when replacing (old store deleted after).
     * With SYNC every file and directory of the build is made durable before the rename names it,
     * and the rename before this returns (spec C-7). Replacing takes the old store's writer lock
     * first: a store another writer has open is not swapped away under it.
     */
    static void publish(Path built, Path target, WriteOptions options) throws IOException {
        FileIo io = options.fileIo();
        boolean sync = options.durability() == Durability.SYNC;
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        createParents(parent, io, sync);
        if (sync) syncTree(built, io);
        if (occupied(abs)) {
            if (!options.replaceExisting()) throw new FileAlreadyExistsException(target.toString());
            Path old = tempSibling(target, REPLACED);
            try (WriterLock oldLock = Files.isDirectory(abs) ? WriterLock.acquire(abs) : null) {
                io.rename(abs, old);
                io.rename(built, abs);
                if (sync) io.syncDirectory(parent);
            }
            io.deleteRecursively(old); // after releasing its lock (see recoverInterrupted)
        } else {
            io.rename(built, abs); // over an empty directory the user made, too: rename(2) replaces it
        }
        if (sync) io.syncDirectory(parent);
    }

    /** Creates missing parent directories; with SYNC each new one is made durable in its own parent. */
    private static void createParents(Path dir, FileIo io, boolean sync) throws IOException {
        if (dir == null || Files.isDirectory(dir)) return;
        createParents(dir.getParent(), io, sync);
        io.createDirectories(dir);
        if (sync && dir.getParent() != null) io.syncDirectory(dir.getParent());
    }

    /**
     * fsyncs every file and directory under {@code root}, children first. The lock file is skipped:
     * opening it would release the lock this JVM holds on it (see {@link WriterLock}).
     */
    static void syncTree(Path root, FileIo io) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().equals(WriterLock.FILE)) {
                    try (FileIo.WritableFile f = io.open(p, false)) {
                        f.force();
                    }
                }
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) io.syncDirectory(dirs.get(i)); // deepest first
    }

    /**
     * Cleans up after builds a crash interrupted beside {@code target} (spec C-30): an abandoned
     * {@code .NAME.building-*} is deleted; a {@code .NAME.replaced-*} is the old store of a swap that
     * stopped between its two renames, renamed back when the target is missing, else deleted. A
     * directory whose lock is held belongs to a build still running and is left alone.
     */
    static void recoverInterrupted(Path target, FileIo io) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) return;
        String building = "." + abs.getFileName() + BUILDING, replaced = "." + abs.getFileName() + REPLACED;
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith(building) || n.startsWith(replaced)) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            }).forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            WriterLock lock;
            try {
                lock = WriterLock.acquire(p);
            } catch (StoreLockedException e) {
                continue; // a build in progress
            } catch (IOException e) {
                continue; // vanished meanwhile, or not ours to touch
            }
            boolean delete;
            try (lock) {
                delete = !(p.getFileName().toString().startsWith(replaced) && !occupied(abs));
                if (!delete) io.rename(p, abs);
            }
            // Deleted after the lock is released: deleting a lock file while holding it would free its inode
            // for a new file whose lock this JVM would then take for ours. Build directories have random
            // names, so no build can start in this one meanwhile.
            if (delete) io.deleteRecursively(p);
        }
    }
}
