package io.ninjastore.cli;

import io.ninjastore.store.StringsMmap;

import java.io.IOException;
import java.util.List;

/** Writes strings to a strings store, one commit per {@code batchSize} strings. */
final class StringsWriter extends BatchWriter<String> {
    /** The store: made on the first batch (import) or the open one (append). */
    interface Target {
        StringsMmap open() throws IOException;
    }

    private final Target target;
    private StringsMmap store;

    StringsWriter(Target target, int batchSize, String progressLabel) {
        super(batchSize, progressLabel);
        this.target = target;
    }

    @Override protected String keep(String s) { return s; }

    @Override protected long units(String s) { return 1; }

    @Override
    protected void write(List<String> batch) throws IOException {
        store().extend(batch);
    }

    private StringsMmap store() throws IOException {
        if (store == null) store = target.open();
        return store;
    }

    @Override
    void finish() throws IOException {
        super.finish();
        store();
    }
}
