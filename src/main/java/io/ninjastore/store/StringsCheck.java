package io.ninjastore.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A strings store's check for {@link StoreVerifier} (F-20..F-22): its two index stores, every committed
 * string's offsets against the data file, every string decoded as strict UTF-8 in a deep check, and the
 * data's checksums up to {@code ends[n-1]}.
 */
record StringsCheck(Findings found, DirCheck dirs, ChecksumCheck checksums, boolean deep) {
    /** Returns the string count, -1 when the structure is broken. */
    long check(Path dir) throws IOException {
        CheckedDir starts = dirs.index(dir.resolve(RaggedMmap.STARTS), false, -1, "starts");
        if (starts == null) return -1;
        long n = starts.rows();
        CheckedDir ends = dirs.followingIndex(dir.resolve(RaggedMmap.ENDS), false, n, "starts");
        Path data = dir.resolve(NinjaFiles.DATA);
        FileChannel ch;
        try {
            ch = found.open(data);
        } catch (CorruptStoreException x) {
            found.problem(x);
            return -1;
        }
        if (ends == null) return -1;
        dirs.entriesPast(ends, n);
        dirs.committed(starts, n * 8);
        dirs.committed(ends, n * 8);
        long dataLen = ch.size();
        long lastEnd;
        try {
            lastEnd = strings(n, starts, ends, data, ch, dataLen);
        } catch (CorruptStoreException x) {
            found.problem(x);
            return -1;
        }
        long committedBytes = Math.max(0, Math.min(lastEnd, dataLen));
        if (dataLen > committedBytes) {
            found.note(data + ": " + (dataLen - committedBytes) + " bytes past ends[n-1] (an interrupted append: the next open for"
                    + " write cuts them)");
        }
        checksums.check(data, ch, committedBytes);
        return n;
    }

    /** Every committed string's offsets (F-16, F-21) and, when deep, its UTF-8 (F-22); returns {@code ends[n-1]}, 0 when n = 0. */
    private long strings(long n, CheckedDir starts, CheckedDir ends, Path data, FileChannel ch, long dataLen) throws IOException {
        Longs s = starts.longs(), e = ends.longs();
        StrictUtf8 utf8 = new StrictUtf8();
        CorruptStoreException pastTheData = n == 0 ? null
                : LastEnd.pastTheData(ends.data(), n, e.get(n - 1), s.get(n - 1), -1, dataLen, data, "bytes");
        if (pastTheData != null) found.problem(pastTheData);
        OffsetsCheck offsets = new OffsetsCheck(found, starts.data(), dataLen, "bytes of " + data);
        for (long i = 0; i < n; i++) { // on past the cap: the omitted problems are counted
            long si = s.get(i), ei = e.get(i);
            if (!offsets.check(i, si, ei)) continue;
            if (deep) {
                String bad = utf8.problem(ch, data, si, ei);
                if (bad != null) {
                    found.problem(VerifyReport.Kind.STRUCTURE, data, "string " + i, si, ei, "is not valid UTF-8: " + bad + " (F-22)");
                }
            }
        }
        return n > 0 ? e.get(n - 1) : 0;
    }
}
