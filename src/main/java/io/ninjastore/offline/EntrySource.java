package io.ninjastore.offline;

/**
 * The entries of a data list, made on demand so that a list over millions of entries holds no
 * per-entry objects: all of a data set, a picked subset (a {@code files} filter, {@code take}), or
 * the entries of another source scattered along an axis.
 */
sealed interface EntrySource {
    long size();

    /** Entry {@code i}, already checked to be in {@code [0, size())}. */
    OfflineEntry entry(long i);

    /** Every entry of the data set, whole. */
    record All(DataSet dataSet) implements EntrySource {
        @Override public long size() { return dataSet.length; }
        @Override public OfflineEntry entry(long i) { return new OfflineEntry(dataSet, i, Selector.ALL); }
    }

    /** The parent's entries at the given positions, in that order. */
    record Picked(EntrySource parent, long[] positions) implements EntrySource {
        @Override public long size() { return positions.length; }
        @Override public OfflineEntry entry(long i) { return parent.entry(positions[Math.toIntExact(i)]); }
    }

    /**
     * Each parent entry split into one entry per position along {@code axis}; {@code ends[i]} is the
     * number of entries the parent's first {@code i + 1} entries make.
     */
    record Scattered(EntrySource parent, int axis, long[] ends) implements EntrySource {
        @Override public long size() { return ends.length == 0 ? 0 : ends[ends.length - 1]; }

        @Override
        public OfflineEntry entry(long k) {
            int lo = 0, hi = ends.length - 1; // the first parent entry whose end lies past k
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] > k) hi = mid;
                else lo = mid + 1;
            }
            int i = lo;
            long before = i == 0 ? 0 : ends[i - 1];
            return parent.entry(i).at(axis, k - before);
        }
    }
}
