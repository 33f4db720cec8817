package io.ninjastore.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The checksum sidecar of one data file for {@link StoreVerifier} (F-30..F-33): its records, the
 * committed ranges none covers, and, in a deep check, every CRC32C recomputed (F-34).
 */
record ChecksumCheck(Findings found, boolean deep) {
    /** The checksum sidecar of one data file (F-30..F-33): records, unchecksummed ranges, CRCs when deep. */
    void check(Path data, FileChannel ch, long committed) throws IOException {
        Path log = ChecksumLog.pathFor(data);
        long[] covered = {0};
        ChecksumLog.Contents c;
        try {
            c = ChecksumLog.scan(log, committed, (i, e) -> {
                if (e.offset() > covered[0]) found.unchecksummed(data, covered[0], e.offset());
                covered[0] = e.end();
                if (!deep) return;
                int crc = ChecksumLog.crc32c(ch, data, e.offset(), e.length()); // throws if the file shrank meanwhile
                found.checked(e.length());
                if (crc != e.crc()) {
                    found.problem(VerifyReport.Kind.CHECKSUM, data, "checksum", e.offset(), e.end(), String.format(
                            "CRC32C is %08x, the record in %s says %08x", crc, log.getFileName(), e.crc()));
                }
            });
        } catch (CorruptStoreException x) {
            found.problem(x); // the data file shrank while it was read
            return;
        }
        if (c.problem() != null) {
            if (c.stoppedAtTail()) {
                found.note(log + ": " + c.problem() + " (the tail an interrupted write leaves; dropped by the next open for write)");
            } else {
                found.problem(VerifyReport.Kind.STRUCTURE, log, "record " + c.stoppedAt(), c.stoppedAt() * ChecksumLog.RECORD,
                        (c.stoppedAt() + 1) * ChecksumLog.RECORD, c.problem() + "; " + (c.recordsInFile() - c.stoppedAt() - 1)
                        + " records after it are not used");
            }
        }
        if (committed > covered[0]) found.unchecksummed(data, covered[0], committed);
    }
}
