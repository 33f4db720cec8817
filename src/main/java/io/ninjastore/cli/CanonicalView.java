package io.ninjastore.cli;

import java.io.IOException;

/**
 * A store (or {@code .npy} file) seen as what {@code info} and {@code cat} print: its {@link StoreInfo}
 * and its samples as canonical JSON lines. Made by {@link CanonicalViews#open}.
 *
 * <p>Not thread-safe. Lifetime: the view owns the open store or mapping; close it.
 */
interface CanonicalView extends AutoCloseable {
    StoreInfo info();

    /** The number of lines {@code cat} prints: samples, rows along axis 0, or 1 for a 0-d array. */
    long lines();

    /** Appends line {@code i} (without newline). */
    void appendLine(long i, StringBuilder out);

    @Override
    void close() throws IOException;
}
