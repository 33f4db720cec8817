package io.ninjastore.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Groups consecutive elements into batches of {@code size} and collates each batch. */
final class Grouped<T, B> extends Lookahead<B> {
    private final CloseableIterator<T> up;
    private final int size;
    private final Remainder remainder;
    private final Collate<? super T, ? extends B> collate;

    Grouped(CloseableIterator<T> up, int size, Remainder remainder, Collate<? super T, ? extends B> collate) {
        this.up = up;
        this.size = size;
        this.remainder = remainder;
        this.collate = collate;
    }

    @Override
    protected B compute() {
        List<T> batch = new ArrayList<>(Math.min(size, 1 << 16));
        while (batch.size() < size && up.hasNext()) batch.add(up.next());
        if (batch.isEmpty() || batch.size() < size && remainder == Remainder.DROP) return end();
        return collate.collate(Collections.unmodifiableList(batch));
    }

    @Override
    protected void release() { up.close(); }
}
