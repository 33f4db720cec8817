package io.ninjastore.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;

/** TFRecord framing shared by the reader and the writer: TensorFlow's masked CRC32C, and writing records. */
final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {}

    /** TensorFlow's masked CRC32C: rotate right by 15 bits, add a constant (so CRCs of CRCs stay strong). */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Writes {@code records} framed to {@code file}, atomically (a failure leaves any old file as it was). */
    static Path write(Path file, Compression compression, Iterator<byte[]> records) throws IOException {
        boolean gzip = compression == Compression.GZIP
                || compression == Compression.AUTO && file.getFileName().toString().endsWith(".gz");
        return AtomicFile.write(file, raw -> {
            OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            byte[] header = new byte[12];
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            byte[] trailer = new byte[4];
            ByteBuffer t = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
            while (records.hasNext()) {
                byte[] data = records.next();
                if (data == null) throw new IllegalArgumentException("a TFRecord cannot be null");
                h.putLong(0, data.length);
                h.putInt(8, maskedCrc(header, 0, 8));
                t.putInt(0, maskedCrc(data, 0, data.length));
                buffered.write(header);
                buffered.write(data);
                buffered.write(trailer);
            }
            buffered.flush();
            if (out instanceof GZIPOutputStream g) g.finish();
        });
    }
}
