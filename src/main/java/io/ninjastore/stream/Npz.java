package io.ninjastore.stream;

import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.array.NpyFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * numpy's {@code .npz} archives ({@code np.savez}, {@code np.savez_compressed}): a zip file of
 * {@code NAME.npy} members, stored or deflated (zip64 included). Members are CRC-checked and parsed by
 * {@link Npy#parse}; each array owns its memory (heap up to 2 GiB, GC-managed native memory beyond),
 * so it outlives the archive. Stateless and thread-safe.
 */
public final class Npz {
    private static final int CHUNK = 1 << 16;
    /** The most bytes deflate makes of one: a 258-byte match in two 1-bit codes (zlib's FAQ: 1032:1). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private Npz() {}

    /** Every member, in archive order, keyed by its name without {@code .npy} (as numpy's {@code NpzFile} does). */
    public static Map<String, NdArray> read(Path file) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            long archiveBytes = Files.size(file);
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) continue;
                out.put(memberName(file, e), member(file, zip, e, archiveBytes));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Writes {@code arrays} as {@code NAME.npy} members (numpy's {@code savez} layout, C order,
     * little-endian), deflated when {@code compressed}; atomically (a failure leaves any old file).
     * A member is limited to 2 GiB.
     */
    public static Path write(Path file, Map<String, ? extends NdArray> arrays, boolean compressed) throws IOException {
        return AtomicFile.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            for (Map.Entry<String, ? extends NdArray> e : arrays.entrySet()) {
                writeMember(zip, e.getKey(), e.getValue(), compressed);
            }
            zip.finish();
        });
    }

    static void writeMember(ZipOutputStream zip, String name, NdArray a, boolean compressed) throws IOException {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("an .npz member needs a non-empty name");
        if (a == null) throw new IllegalArgumentException(".npz member '" + name + "' is null");
        byte[] image = Npy.toBytes(a);
        ZipEntry entry = new ZipEntry(name + ".npy");
        if (compressed) {
            entry.setMethod(ZipEntry.DEFLATED);
        } else {
            CRC32 crc = new CRC32();
            crc.update(image);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(image.length);
            entry.setCompressedSize(image.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(image);
        zip.closeEntry();
    }

    static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new NpyFormatException(file.toString(), "zip", "not a valid .npz (zip) archive: " + e.getMessage());
        }
    }

    static String memberName(Path file, ZipEntry e) throws NpyFormatException {
        String n = e.getName();
        if (!n.endsWith(".npy")) {
            throw new NpyFormatException(file + "!" + n, "member", "not a .npy member: an .npz archive holds only NAME.npy files");
        }
        return n.substring(0, n.length() - 4);
    }

    /**
     * Reads one member into memory sized from its validated header, never from the zip's claims alone,
     * and checks the member's CRC-32 against the central directory's: {@link ZipFile} does not (unlike
     * {@code ZipInputStream} and Python's {@code zipfile}), so a flipped byte would otherwise be read as
     * data. Every byte already passes through {@code buf} on its way to the heap copy, so the CRC is
     * taken on that same pass and a big member is read once; bytes past what the header needs are
     * read too, since the CRC covers the whole member. The array is allocated before its bytes are
     * read, so a header and zip sizes that lie alike are caught first: the member's compressed bytes,
     * which lie in the archive's {@code archiveBytes}, bound what it can hold.
     */
    static NdArray member(Path file, ZipFile zip, ZipEntry e, long archiveBytes) throws IOException {
        String source = file + "!" + e.getName();
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            byte[] prefix = in.readNBytes(12);
            crc.update(prefix);
            if (prefix.length < 10) throw new NpyFormatException(source, "magic", "member of " + prefix.length + " bytes is too short for a .npy header");
            MemorySegment p = MemorySegment.ofArray(prefix);
            long headerLen = prefix[6] == 1
                    ? Short.toUnsignedInt(p.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8)) + 10L
                    : prefix.length < 12 ? 12 : Integer.toUnsignedLong(p.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8)) + 12L;
            if (headerLen > (1 << 20) + 12) throw new NpyFormatException(source, "header length", headerLen + " bytes is over the 1 MiB limit");
            byte[] head = new byte[(int) headerLen];
            System.arraycopy(prefix, 0, head, 0, Math.min(prefix.length, head.length));
            int have = Math.min(prefix.length, head.length);
            int got = in.readNBytes(head, have, head.length - have);
            crc.update(head, have, got);
            if (have + got < head.length) throw new NpyFormatException(source, "header", "truncated: the member ends inside its header");
            Npy.Header h = Npy.header(MemorySegment.ofArray(head), source);
            long total = Math.addExact(headerLen, h.dataBytes());
            if (e.getSize() >= 0 && e.getSize() < total) {
                throw new NpyFormatException(source, "data", "header promises " + h.dataBytes() + " data bytes but the member holds "
                        + (e.getSize() - headerLen));
            }
            long packed = Math.min(e.getCompressedSize() < 0 ? Long.MAX_VALUE : e.getCompressedSize(), archiveBytes);
            long most = e.getMethod() == ZipEntry.STORED ? packed : Math.min(packed, Long.MAX_VALUE / MAX_DEFLATE_RATIO) * MAX_DEFLATE_RATIO;
            if (total > most) {
                throw new NpyFormatException(source, "data", "header promises " + h.dataBytes() + " data bytes but the member can hold at most "
                        + (most - headerLen) + ": the archive records " + e.getCompressedSize() + " bytes "
                        + (e.getMethod() == ZipEntry.STORED ? "stored" : "deflated") + " in a file of " + archiveBytes);
            }
            MemorySegment image = allocate(total);
            MemorySegment.copy(head, 0, image, ValueLayout.JAVA_BYTE, 0, head.length);
            // the prefix may have read past a short header: those bytes are data
            long pos = headerLen;
            if (prefix.length > headerLen) {
                MemorySegment.copy(prefix, (int) headerLen, image, ValueLayout.JAVA_BYTE, pos, (int) (prefix.length - headerLen));
                pos = prefix.length;
            }
            byte[] buf = new byte[CHUNK];
            while (pos < total) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - pos));
                if (n < 0) {
                    throw new NpyFormatException(source, "data", "header promises " + h.dataBytes() + " data bytes but only "
                            + (pos - headerLen) + " follow");
                }
                crc.update(buf, 0, n);
                MemorySegment.copy(buf, 0, image, ValueLayout.JAVA_BYTE, pos, n);
                pos += n;
            }
            for (int n; (n = in.read(buf)) >= 0; ) crc.update(buf, 0, n);
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw new NpyFormatException(source, "crc", String.format("bad CRC-32: the archive records %08x but the member's bytes give %08x",
                        e.getCrc(), crc.getValue()));
            }
            return Npy.parse(image, source);
        } catch (java.util.zip.ZipException ex) {
            throw new NpyFormatException(source, "zip", "cannot inflate member: " + ex.getMessage());
        }
    }

    private static MemorySegment allocate(long bytes) {
        if (bytes <= Integer.MAX_VALUE - 8) return MemorySegment.ofArray(new byte[(int) bytes]);
        return Arena.ofAuto().allocate(bytes, 8);
    }

    /** The members as a lazy iteration: the archive is opened at the first hasNext, closed at the end. */
    static CloseableIterator<NdArray> iterate(Path file) {
        return new Lookahead<>() {
            private ZipFile zip;
            private Enumeration<? extends ZipEntry> entries;
            private long archiveBytes;

            @Override
            protected NdArray compute() {
                try {
                    if (zip == null) {
                        zip = open(file);
                        archiveBytes = Files.size(file);
                        entries = zip.entries();
                    }
                    while (entries.hasMoreElements()) {
                        ZipEntry e = entries.nextElement();
                        if (e.isDirectory()) continue;
                        memberName(file, e);
                        return member(file, zip, e, archiveBytes);
                    }
                    return end();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            protected void release() { Closing.closeResource(zip, file); }
        };
    }
}
