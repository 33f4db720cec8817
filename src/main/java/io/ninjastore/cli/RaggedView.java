package io.ninjastore.cli;

import io.ninjastore.store.RaggedMmap;

import java.io.IOException;

/** A ragged store as lines: one sample each, a scalar sample as a bare value (J-6). */
final class RaggedView implements CanonicalView {
    private final RaggedMmap store;

    RaggedView(RaggedMmap store) { this.store = store; }

    @Override public StoreInfo info() { return StoreInfo.ragged(store.length(), store.dtype()); }

    @Override public long lines() { return store.length(); }

    @Override public void appendLine(long i, StringBuilder out) { CanonicalJson.appendArray(out, store.get(i)); }

    @Override public void close() throws IOException { store.close(); }
}
