package io.ninjastore.cli;

import io.ninjastore.offline.Extent;
import io.ninjastore.offline.OfflineDataList;

import java.io.IOException;
import java.util.List;

/** An offline data set as lines: one entry's array each (J-6); its info carries per-axis extents (J-7). */
final class OfflineView implements CanonicalView {
    private final OfflineDataList list;

    OfflineView(OfflineDataList list) { this.list = list; }

    @Override
    public StoreInfo info() {
        List<Extent> extents = list.shape(); // the entry axis first, then each stored axis
        long[] min = new long[extents.size()];
        long[] max = new long[extents.size()];
        for (int k = 0; k < min.length; k++) {
            min[k] = extents.get(k).min();
            max[k] = extents.get(k).max();
        }
        return StoreInfo.offline(list.length(), list.dtype(), min, max);
    }

    @Override public long lines() { return list.length(); }

    @Override public void appendLine(long i, StringBuilder out) { CanonicalJson.appendArray(out, list.get(i)); }

    @Override public void close() throws IOException { list.close(); }
}
