package io.ninjastore.cli;

import io.ninjastore.io.FileIo;
import io.ninjastore.store.Durability;
import io.ninjastore.store.Stores;
import io.ninjastore.store.WriteOptions;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * All-or-nothing {@code import}: the store is built in a hidden sibling directory
 * ({@code .NAME.building-import-HEX}, a writer's temporary directory by spec F-36) and renamed into
 * place only when every input was read and written. A failed import leaves the target as it was:
 * absent, an empty directory, or (with {@code --force}) the previous store.
 *
 * <p>Not thread-safe; one per import.
 */
final class Staging {
    private final Path target;
    private final Path dir;
    private final FileIo io = FileIo.DEFAULT;

    private Staging(Path target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    /** Checks the target may be written and picks the staging path (not yet created). */
    static Staging beside(Path target, boolean force) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (abs.getParent() == null) throw new CliException(target + ": cannot build a store at the file-system root");
        requireBuildableBeside(abs);
        boolean occupied = occupied(abs);
        if (occupied && !force) {
            throw new FileAlreadyExistsException(target.toString(), null, "a store or other files are there; pass --force to replace a store");
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a file is there, not a store directory");
        }
        if (occupied && !isStore(abs)) { // "" or "." is the working directory: never wipe a folder of other files
            throw new FileAlreadyExistsException(target.toString(), null, "is not a store; --force only ever replaces a store, never other files");
        }
        return new Staging(abs, abs.resolveSibling("." + abs.getFileName() + ".building-import-" + hex()));
    }

    /**
     * Refuses a target whose folder (or the nearest one of its missing folders that exists) is a file
     * or cannot be written, before any input is read. The failure would otherwise come from deep in
     * the build and name its hidden directory ({@code ..NAME.building-import-X.building-Y}).
     */
    private static void requireBuildableBeside(Path target) {
        Path folder = target.getParent();
        while (folder != null && !Files.exists(folder)) folder = folder.getParent();
        if (folder == null) return;
        if (!Files.isDirectory(folder)) throw new CliException(folder + ": a file, not a directory, so no store can be built at " + target);
        if (!Files.isWritable(folder)) {
            throw new CliException(folder + ": permission denied: a store is built in a hidden directory beside its name, then renamed into place");
        }
    }

    /** Where to build the store: does not exist yet; its parent does once this returns. */
    Path dir() throws IOException {
        io.createDirectories(dir.getParent());
        return dir;
    }

    /**
     * Moves the finished store into place: replacing a store takes its writer lock (a store another
     * writer has open is refused, never swapped away under it), as every build does.
     */
    void publish(boolean sync) throws IOException {
        WriteOptions o = WriteOptions.defaults().withReplaceExisting(true)
                .withDurability(sync ? Durability.SYNC : Durability.NONE);
        if (!occupied(target)) Files.deleteIfExists(target); // an empty directory the user made for the store
        Stores.publish(dir, target, o);
    }

    /** Removes whatever a failed import built. */
    void discard() throws IOException { io.deleteRecursively(dir); }

    /** Whether {@code dir} is a store import could have built (damaged or not): its type.ninja says so, or it is a bare strings store. */
    private static boolean isStore(Path dir) {
        try {
            return StoreKind.ofTypeName(Stores.type(dir)) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean occupied(Path p) throws IOException {
        if (!Files.isDirectory(p)) return Files.exists(p);
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isPresent();
        }
    }

    private static String hex() { return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()); }
}
