package io.ninjastore.cli;

import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.store.RaggedMmap;

import java.io.IOException;
import java.util.List;

/** Writes samples to a ragged store, one commit per {@code batchSize} samples. */
final class RaggedWriter extends BatchWriter<NdArray> {
    /** The store: made on the first batch (import) or the open one (append). */
    interface Target {
        RaggedMmap open(DType dtype) throws IOException;
    }

    private final Target target;
    private final Expectation expect;
    private RaggedMmap store;

    RaggedWriter(Target target, Expectation expect, int batchSize, String progressLabel) {
        super(batchSize, progressLabel);
        this.target = target;
        this.expect = expect;
    }

    @Override protected NdArray keep(NdArray sample) { return sample.copy(); }

    @Override protected long units(NdArray sample) { return 1; }

    @Override
    protected void write(List<NdArray> batch) throws IOException {
        store().extend(batch);
    }

    private RaggedMmap store() throws IOException {
        if (store == null) store = target.open(expect.dtypeForEmpty());
        return store;
    }

    @Override
    void finish() throws IOException {
        super.finish();
        store();
    }
}
