package io.ninjastore.cli;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes blocks of rows to a dense store, one commit per {@code batchSize} rows; a block of a whole
 * batch or more is written as it comes, without a copy. Two cases need the whole array at once and are
 * gathered in memory until {@link #finish()}: a Fortran-ordered store (every row interleaves with every
 * column) and a 0-d store.
 */
final class DenseWriter extends BatchWriter<NdArray> {
    /** Where the rows go: a store made on the first batch (import) or the open store (append). */
    interface Target {
        /** The store to append rows of this dtype and row shape to. */
        NumpyMmap rows(NdArray firstBlock) throws IOException;

        /** Writes a whole array (in its own order) as the store. */
        NumpyMmap whole(NdArray array) throws IOException;
    }

    private final Target target;
    private final Expectation expect;
    private final boolean fortran;
    private final List<NdArray> gathered = new ArrayList<>();
    private NumpyMmap store;
    private NdArray zeroD;
    /** The first block of rows (perhaps none), kept without its rows: the row shape of a store that gets no rows. */
    private NdArray firstRowsShape;

    DenseWriter(Target target, Expectation expect, boolean fortran, int batchSize, String progressLabel) {
        super(batchSize, progressLabel);
        this.target = target;
        this.expect = expect;
        this.fortran = fortran;
    }

    @Override
    public void accept(NdArray block) throws IOException {
        if (firstRowsShape == null && block.ndim() > 0) {
            long[] shape = block.shape();
            shape[0] = 0;
            firstRowsShape = NdArray.zeros(block.dtype(), shape);
        }
        if (block.ndim() > 0 && block.shape(0) == 0) return; // nothing to write; its row shape is kept above
        if (block.ndim() == 0) {
            zeroD = block.copy();
        } else if (fortran) {
            gathered.add(block.copy());
        } else if (!hasPending() && block.shape(0) >= batchSize) {
            store(block).extend(block);
            written(block.shape(0));
        } else {
            super.accept(block);
        }
    }

    @Override protected NdArray keep(NdArray block) { return block.copy(); }

    @Override protected long units(NdArray block) { return block.shape(0); }

    @Override
    protected void write(List<NdArray> batch) throws IOException {
        NdArray rows = concat(batch);
        store(rows).extend(rows);
    }

    private NumpyMmap store(NdArray first) throws IOException {
        if (store == null) store = target.rows(first);
        return store;
    }

    @Override
    void finish() throws IOException {
        if (zeroD != null) {
            target.whole(zeroD);
            written(1);
        } else if (fortran) {
            NdArray all = !gathered.isEmpty() ? concat(gathered) : firstRowsShape != null ? firstRowsShape : empty();
            target.whole(all.ndim() > 1 ? fortranCopy(all) : all);
            written(all.shape(0));
        } else {
            super.finish();
            // Inputs with no rows still say what a row is: (0, 3) makes a store of rows of 3, as numpy would.
            if (store == null) store(firstRowsShape != null ? firstRowsShape : empty());
        }
    }

    /** No rows at all: a 1-d store of length 0 in the expected dtype. */
    private NdArray empty() {
        return NdArray.zeros(expect.dtypeForEmpty(), 0);
    }

    /** numpy's {@code concatenate} along axis 0 of blocks with equal row shapes and dtypes. */
    static NdArray concat(List<NdArray> blocks) {
        if (blocks.size() == 1) return blocks.getFirst();
        NdArray first = blocks.getFirst();
        long[] shape = first.shape();
        long rows = 0;
        for (NdArray b : blocks) rows = Math.addExact(rows, b.shape(0));
        shape[0] = rows;
        NdArray out = NdArray.zeros(first.dtype(), shape);
        MemorySegment dst = out.asSegment();
        long at = 0;
        for (NdArray b : blocks) {
            b.copyTo(dst, at, ByteOrder.LITTLE_ENDIAN);
            at += b.byteSize();
        }
        return out;
    }

    /** The same values laid out in Fortran order (a view over a fresh heap copy). */
    static NdArray fortranCopy(NdArray a) {
        MemorySegment seg = MemorySegment.ofArray(new long[Math.toIntExact((a.byteSize() + 7) / 8)]);
        a.copyToFortran(seg, 0, ByteOrder.LITTLE_ENDIAN);
        return NdArray.wrapFortran(seg, a.dtype(), ByteOrder.LITTLE_ENDIAN, a.shape());
    }
}
