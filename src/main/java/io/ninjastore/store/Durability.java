package io.ninjastore.store;

/**
 * How much a committed write survives. Chosen per writer; see {@code spec/COMMIT.md}.
 */
public enum Durability {
    /** Survives a crash of the writing process (SIGKILL): nothing is synced, the commit order is kept. */
    NONE,
    /**
     * Also survives power loss: data, then index files, then their directories are fsynced before the
     * commit point is replaced, and the commit point is synced before a write returns; a new store is
     * fsynced whole before it is renamed into place. Costs an fsync per file per commit: prefer
     * larger batches.
     */
    SYNC
}
