package io.ninjastore.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open store of any kind. Readers ({@code open}) take no lock and see the committed prefix as of
 * open or the last {@link #refresh()}; a writer ({@code openWritable}, {@code from...}) holds the
 * store's exclusive lock until {@link #close()}.
 *
 * <p>Thread-safety: every store may be read from many threads at once, including while its writer
 * appends; writes are serialized. Lifetime: the store owns its mappings; {@link #close()} unmaps them,
 * after which every view it handed out throws {@link IllegalStateException} on access, also in a thread
 * that was reading when another closed it (spec C-42).
 *
 * <p>Damage: a store whose files contradict each other raises {@link CorruptStoreException} naming the
 * file and the field, on open or on access to the sample concerned. If another program truncates a
 * file while it is mapped, the store's own reads raise {@link CorruptStoreException}, and a view handed
 * out earlier raises the JVM's {@link InternalError} on access; neither crashes the JVM (spec C-43).
 * {@link StoreVerifier} checks a whole store. Crash safety and durability: see {@link Durability} and
 * {@code spec/COMMIT.md}.
 */
public sealed interface Store extends AutoCloseable permits NumpyMmap, RaggedMmap, StringsMmap {

    /** The store directory. */
    Path path();

    /** The {@code type.ninja} name: {@code numpy}, {@code ragged} or {@code string}. */
    String typeName();

    /** Committed samples (rows along axis 0 for a dense store; 1 for a 0-d array). */
    long length();

    /** Whether this instance holds the writer lock. */
    boolean isWritable();

    /** Makes appends committed since open (or the last refresh) visible. A writer sees its own at once. */
    void refresh() throws IOException;

    /** Unmaps everything and releases the lock; idempotent. */
    @Override
    void close() throws IOException;
}
