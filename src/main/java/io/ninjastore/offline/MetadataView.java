package io.ninjastore.offline;

import io.ninjastore.array.Index;
import io.ninjastore.array.NdArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A data list whose reads return each entry's metadata with its data ({@link OfflineDataList#withMetadata()}).
 * Thread-safety and lifetime as the list it views.
 */
public final class MetadataView {
    private final OfflineDataList list;

    MetadataView(OfflineDataList list) {
        this.list = list;
    }

    /** One entry's data and metadata. */
    public record Sample(NdArray data, Map<String, Object> metadata) {}

    /** A read's data and the metadata of each entry it selected, in order. */
    public record Samples(Batch data, List<Map<String, Object>> metadata) {}

    public long length() { return list.length(); }

    /** Entry {@code i}, whole, with its metadata. */
    public Sample get(long i) { return new Sample(list.get(i), list.entry(i).metadata()); }

    /** {@link OfflineDataList#get(Index...)} with the metadata of the entries the first index selected. */
    public Samples get(Index... request) {
        OfflineDataList.Read read = list.select(request);
        List<Map<String, Object>> metadata = new ArrayList<>(read.entries().length);
        for (long i : read.entries()) metadata.add(list.entry(i).metadata());
        return new Samples(read.batch(), List.copyOf(metadata));
    }
}
