package io.ninjastore.offline;

import io.ninjastore.array.DType;

import java.util.List;
import java.util.Objects;

/**
 * How {@link Lardon#parseFolder} presents a data set (lardon's {@code parse_folder} arguments).
 * Immutable: start from {@link #defaults()} and derive with the {@code with...} methods.
 *
 * @param files only the entries with these names, in this order (null: every entry, in stored order)
 * @param dropMetadata data only: the list refuses {@link OfflineDataList#withMetadata()}; the metadata
 *                     stays available as columns ({@link OfflineDataList#metadataColumns()})
 * @param dtype convert what is read to this type as numpy's {@code astype} does (null: the stored type)
 * @param batchMode how reads of several entries are returned
 */
public record ParseOptions(List<String> files, boolean dropMetadata, DType dtype, BatchMode batchMode) {
    private static final ParseOptions DEFAULTS = new ParseOptions(null, false, null, BatchMode.LIST);

    public ParseOptions {
        files = files == null ? null : List.copyOf(files);
        Objects.requireNonNull(batchMode, "batchMode");
    }

    /** Every entry, metadata kept, the stored dtype, {@link BatchMode#LIST}. */
    public static ParseOptions defaults() { return DEFAULTS; }

    public ParseOptions withFiles(List<String> names) { return new ParseOptions(names, dropMetadata, dtype, batchMode); }
    public ParseOptions withDropMetadata(boolean drop) { return new ParseOptions(files, drop, dtype, batchMode); }
    public ParseOptions withDtype(DType t) { return new ParseOptions(files, dropMetadata, t, batchMode); }
    public ParseOptions withBatchMode(BatchMode m) { return new ParseOptions(files, dropMetadata, dtype, m); }
}
