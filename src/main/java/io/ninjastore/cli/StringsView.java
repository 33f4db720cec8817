package io.ninjastore.cli;

import io.ninjastore.store.StringsMmap;

import java.io.IOException;

/** A strings store as lines: one JSON string each (J-5, J-6). */
final class StringsView implements CanonicalView {
    private final StringsMmap store;

    StringsView(StringsMmap store) { this.store = store; }

    @Override public StoreInfo info() { return StoreInfo.strings(store.length()); }

    @Override public long lines() { return store.length(); }

    @Override public void appendLine(long i, StringBuilder out) { CanonicalJson.appendString(out, store.get(i)); }

    @Override public void close() throws IOException { store.close(); }
}
