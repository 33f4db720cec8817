package io.ninjastore.stream;

import java.util.ArrayList;
import java.util.random.RandomGenerator;

/**
 * A bounded shuffle buffer (tf.data's {@code shuffle}): fill {@code size} elements, then repeatedly
 * hand out a uniformly chosen one and put the next upstream element in its place; at the end, drain
 * in random order. With a buffer as large as the data this is a uniform permutation.
 */
final class Shuffled<T> extends Lookahead<T> {
    private final CloseableIterator<T> up;
    private final int size;
    private final RandomGenerator rng;
    private final ArrayList<T> buffer;

    Shuffled(CloseableIterator<T> up, int size, RandomGenerator rng) {
        this.up = up;
        this.size = size;
        this.rng = rng;
        this.buffer = new ArrayList<>(Math.min(size, 1 << 16));
    }

    @Override
    protected T compute() {
        while (buffer.size() < size && up.hasNext()) buffer.add(up.next());
        if (buffer.isEmpty()) return end();
        int j = rng.nextInt(buffer.size());
        T x = buffer.get(j);
        if (up.hasNext()) {
            buffer.set(j, up.next());
        } else {
            int last = buffer.size() - 1;
            buffer.set(j, buffer.get(last));
            buffer.remove(last);
        }
        return x;
    }

    @Override
    protected void release() {
        buffer.clear();
        up.close();
    }
}
