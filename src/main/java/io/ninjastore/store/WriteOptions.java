package io.ninjastore.store;

import io.ninjastore.io.FileIo;

import java.util.Objects;

/**
 * How a writer behaves: durability, dtype casting, progress bar, checksums, and whether an existing
 * store may be replaced by a build. Immutable; {@link #defaults()} then {@code with...} copies.
 */
public final class WriteOptions {
    private static final WriteOptions DEFAULTS = new WriteOptions(Durability.NONE, Casting.SAFE, false, false, true, FileIo.DEFAULT);

    private final Durability durability;
    private final Casting casting;
    private final boolean progress;
    private final boolean replaceExisting;
    private final boolean checksums;
    private final FileIo fileIo;

    private WriteOptions(Durability durability, Casting casting, boolean progress, boolean replaceExisting, boolean checksums,
                         FileIo fileIo) {
        this.durability = Objects.requireNonNull(durability, "durability");
        this.casting = Objects.requireNonNull(casting, "casting");
        this.progress = progress;
        this.replaceExisting = replaceExisting;
        this.checksums = checksums;
        this.fileIo = Objects.requireNonNull(fileIo, "fileIo");
    }

    /** NONE durability, SAFE casting, no progress bar, checksums on, never replace an existing store. */
    public static WriteOptions defaults() { return DEFAULTS; }

    public Durability durability() { return durability; }
    public Casting casting() { return casting; }
    public boolean progress() { return progress; }
    public boolean replaceExisting() { return replaceExisting; }
    public boolean checksums() { return checksums; }
    FileIo fileIo() { return fileIo; }

    public WriteOptions withDurability(Durability d) { return new WriteOptions(d, casting, progress, replaceExisting, checksums, fileIo); }
    public WriteOptions withCasting(Casting c) { return new WriteOptions(durability, c, progress, replaceExisting, checksums, fileIo); }
    /** Shows a progress bar on stderr while building from a generator. */
    public WriteOptions withProgress(boolean p) { return new WriteOptions(durability, casting, p, replaceExisting, checksums, fileIo); }
    /** Lets a build replace an existing store at the target (built aside, then swapped in). */
    public WriteOptions withReplaceExisting(boolean r) { return new WriteOptions(durability, casting, progress, r, checksums, fileIo); }
    /** Writes CRC32C sidecars (on by default; off only saves a few bytes per batch). */
    public WriteOptions withChecksums(boolean c) { return new WriteOptions(durability, casting, progress, replaceExisting, c, fileIo); }
    /** The file-system seam; tests pass a fault-injecting one. */
    public WriteOptions withFileIo(FileIo io) { return new WriteOptions(durability, casting, progress, replaceExisting, checksums, io); }
}
