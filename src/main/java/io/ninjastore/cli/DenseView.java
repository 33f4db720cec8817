package io.ninjastore.cli;

import io.ninjastore.array.NdArray;
import io.ninjastore.store.NumpyMmap;

import java.io.IOException;

/** A dense array (store or {@code .npy}) as lines: rows along axis 0 (J-6), one line for a 0-d array. */
final class DenseView implements CanonicalView {
    /** What closes the array's memory. */
    interface Owner {
        void close() throws IOException;
    }

    private final NdArray array;
    private final StoreInfo info;
    private final Owner owner;

    private DenseView(NdArray array, char order, Owner owner) {
        this.array = array;
        this.info = StoreInfo.dense(array.ndim() == 0 ? 1 : array.shape(0), array.dtype(), array.shape(), order);
        this.owner = owner;
    }

    static DenseView of(NumpyMmap store) {
        return new DenseView(store.array(), store.order(), store::close);
    }

    static DenseView of(NdArray array, char order, Owner owner) {
        return new DenseView(array, order, owner);
    }

    @Override public StoreInfo info() { return info; }

    @Override public long lines() { return info.length(); }

    @Override
    public void appendLine(long i, StringBuilder out) {
        CanonicalJson.appendArray(out, array.ndim() == 0 ? array : array.row(i));
    }

    @Override
    public void close() throws IOException { owner.close(); }
}
