package io.ninjastore.store;

import java.nio.file.Path;

/** A second writer was refused: another writer (thread or process) holds the store's lock. */
public final class StoreLockedException extends NinjaStoreException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(Path store, String holder) {
        super(store + " is locked by another writer" + (holder == null || holder.isBlank() ? "" : " (" + holder.strip() + ")"));
    }
}
