package io.ninjastore.store;

import java.nio.file.Path;

/**
 * {@code ends[n-1]} of a ragged or strings store, which is the length of its data (spec F-21, F-29).
 * When it reaches past the data file, the entry or the file is damaged; this is the one place that
 * decides which to name, for readers, their refreshes and {@link StoreVerifier} alike. Readers ask it
 * only once the data file has turned out too short, so a healthy open or refresh pays no file-size call
 * for it.
 */
final class LastEnd {
    private LastEnd() {}

    /** {@code ends[n-1]}, 0 when n = 0; a negative entry is corruption naming it. */
    static long read(DenseDir ends, long n) {
        if (n == 0) return 0;
        long end = ends.longAt(n - 1);
        if (end < 0) throw new CorruptStoreException(ends.dataFile(), "ends[" + (n - 1) + "]", "negative: " + end);
        return end;
    }

    /**
     * The corruption to report when {@code end = ends[n-1]} lies past the {@code held} units (elements
     * or bytes) {@code data} holds and the entry is to blame, else null. The rest of the last sample's
     * index judges: where it starts, and for a ragged store its element count from
     * {@code flattened_shapes} ({@code count}; -1 for strings, whose length only ends records). When
     * those fit the data, the entry alone disagrees. When they reach past it too, the data file is the
     * short one, and its reader names it (F-29).
     */
    static CorruptStoreException pastTheData(Path endsFile, long n, long end, long start, long count, long held, Path data, String unit) {
        if (n == 0 || end <= held) return null;
        boolean restFits = start >= 0 && start <= held && count <= held - start; // count < 0: no count to fit
        if (!restFits) return null;
        long i = n - 1;
        String rest = count < 0 ? "" : " (starts[" + i + "] + flattened_shapes[" + i + "] = " + (start + count) + ")";
        return new CorruptStoreException(endsFile, "ends[" + i + "]", end + ", expected at most the " + held + " " + unit + " " + data
                + " holds" + rest);
    }
}
