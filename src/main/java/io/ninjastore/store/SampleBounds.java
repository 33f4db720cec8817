package io.ninjastore.store;

import java.nio.file.Path;

/**
 * The errors for a sample outside its bounds, worded once for every store: an index outside the
 * committed count, and a recorded {@code [start, end)} outside the data (spec F-16, F-22). Only the
 * exceptions live here: each store keeps its test inline, on its read path, and calls these only to throw.
 */
final class SampleBounds {
    private SampleBounds() {}

    /**
     * Index {@code i} (as the caller gave it) outside the {@code n} {@code noun}s ("sample", "string",
     * "row") of the store at {@code dir}.
     */
    static IndexOutOfBoundsException indexOutOfBounds(long i, long n, String noun, Path dir) {
        return new IndexOutOfBoundsException(noun + " " + i + " is out of bounds for " + n + " " + noun + "s of " + dir);
    }

    /**
     * Sample {@code i}'s {@code [s, e)} from {@code starts/} and {@code ends/} outside the {@code held}
     * {@code unit}s ("elements", "bytes") of the data of the store at {@code dir}: corruption naming starts/.
     */
    static CorruptStoreException spanOutsideData(Path dir, long i, long s, long e, long held, String unit) {
        return new CorruptStoreException(dir.resolve(RaggedMmap.STARTS), "starts[" + i + "]/ends[" + i + "]", "[" + s + ", " + e
                + ") is not within the " + held + " " + unit + " of data.ninja");
    }
}
