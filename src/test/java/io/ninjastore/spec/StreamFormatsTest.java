package io.ninjastore.spec;

import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.array.NpyFormatException;
import io.ninjastore.stream.CloseableIterator;
import io.ninjastore.stream.Compression;
import io.ninjastore.stream.CorruptRecordException;
import io.ninjastore.stream.Dataset;
import io.ninjastore.stream.Npz;
import io.ninjastore.stream.Readers;
import io.ninjastore.stream.Writers;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of spec section 10 that the stream layer's own tests leave out, through its public API:
 * framing written here from the spec's formulas, records built field by field.
 */
class StreamFormatsTest {
    @TempDir
    Path tmp;

    @Test
    @Spec({"S-1", "S-2"})
    void aLengthBeyondTheLimitIsRefusedBeforeAnythingIsAllocated() throws IOException {
        long length = 1L << 31; // over 2^31 - 17; gzip hides the file size, so only the limit stops the read
        byte[] header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(length).putInt(maskedCrc(le(length))).array();
        Path p = tmp.resolve("huge.tfrecord.gz");
        Files.write(p, gzip(concat(frame("ok".getBytes(StandardCharsets.US_ASCII)), header)));
        List<byte[]> before = new ArrayList<>();
        CorruptRecordException e;
        try (CloseableIterator<byte[]> it = Readers.tfRecords(p, Compression.GZIP).iterator()) {
            e = assertThrows(CorruptRecordException.class, () -> {
                while (it.hasNext()) before.add(it.next());
            });
        }
        assertEquals(p, e.file());
        assertEquals(18, e.offset(), "the offset of the second record in the decompressed stream");
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertEquals(1, before.size(), "the record before it is delivered");
        assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), before.getFirst());
    }

    @Test
    @Spec({"S-4", "S-5"})
    void theLastOneofMemberAndTheLastMapEntryWin() throws IOException {
        byte[] ints = {0x1A, 0x03, 0x0A, 0x01, 0x05};                              // int64_list { value: [5] }
        byte[] floats = concat(new byte[] {0x12, 0x06, 0x0A, 0x04}, le(1.5f));    // float_list { value: [1.5] }
        byte[] example = example(entry("k", concat(ints, floats)), entry("j", ints), entry("j", new byte[0]));
        Path p = Dataset.of(List.of(example)).write(Writers.tfRecords(tmp.resolve("oneof.tfrecord")));
        Map<String, Object> ex = Readers.tfExamples(p).first();
        assertEquals(NdArray.of(new float[] {1.5f}), ex.get("k"), "float_list replaced int64_list");
        assertEquals(List.of(), ex.get("j"), "the second entry for j (no kind set) replaced the first");
        assertEquals(List.of("k", "j"), List.copyOf(ex.keySet()));
    }

    @Test
    @Spec("S-6")
    void nullsAndMixedCollectionsHaveNoExampleEncoding() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("n", null);
        Map<String, Object> mixed = Map.of("m", List.of("a", 1L));
        for (Map<String, Object> bad : List.of(withNull, mixed)) {
            String feature = bad.keySet().iterator().next();
            Path p = tmp.resolve(feature + ".tfrecord");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Dataset.<Map<String, ?>>of(List.of(bad)).write(Writers.tfExamples(p)));
            assertTrue(e.getMessage().contains("'" + feature + "'"), e.getMessage());
            assertTrue(Files.notExists(p), "nothing is written (S-10)");
        }
    }

    @Test
    @Spec("S-7")
    void directoryEntriesAreSkippedAndOtherMembersRefused() throws IOException {
        Path ok = zip("dirs.npz", Map.of("sub/", new byte[0], "sub/a.npy", Npy.toBytes(NdArray.of(new int[] {4, 2}))));
        Map<String, NdArray> read = Npz.read(ok);
        assertEquals(List.of("sub/a"), List.copyOf(read.keySet()));
        assertEquals(NdArray.of(new int[] {4, 2}), read.get("sub/a"));

        Path bad = zip("text.npz", Map.of("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(bad));
        assertTrue(e.getMessage().contains(bad + "!readme.txt") && e.getMessage().contains("member"), e.getMessage());
    }

    @Test
    @Spec("S-9")
    void whitespaceLinesAreSkippedAndTheLastLineNeedsNoNewline() throws IOException {
        Path p = Files.writeString(tmp.resolve("a.jsonl"), "[1]\r\n \t \n\n{\"b\":2}");
        assertEquals(List.of("[1]", "{\"b\":2}"), Readers.jsonLines(p).list().stream().map(Object::toString).toList());
        Path bad = Files.writeString(tmp.resolve("b.jsonl"), "1\n \n[2,\n");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(bad).list());
        assertEquals(4, e.offset());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Path out = Dataset.of(List.of(List.of(1, 2), Map.of("k", "v"))).write(Writers.jsonLines(tmp.resolve("out.jsonl")));
        assertEquals("[1,2]\n{\"k\":\"v\"}\n", Files.readString(out));
    }

    // ------------------------------------------------------------------ framing and protobuf by hand

    /** S-1's masked CRC, computed here from the spec's formula. */
    private static int maskedCrc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length).putInt(maskedCrc(le((long) data.length))).put(data).putInt(maskedCrc(data));
        return b.array();
    }

    /** {@code Features.feature} map entry: key = 1, value (a Feature) = 2. */
    private static byte[] entry(String key, byte[] feature) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(concat(new byte[] {0x0A, (byte) k.length}, k), concat(new byte[] {0x12, (byte) feature.length}, feature));
        return concat(new byte[] {0x0A, (byte) body.length}, body);
    }

    /** {@code Example { features = 1 }} around the given map entries (short enough for one-byte lengths). */
    private static byte[] example(byte[]... entries) {
        byte[] features = new byte[0];
        for (byte[] e : entries) features = concat(features, e);
        return concat(new byte[] {0x0A, (byte) features.length}, features);
    }

    private Path zip(String name, Map<String, byte[]> members) throws IOException {
        Path p = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (String m : members.keySet().stream().sorted().toList()) {
                z.putNextEntry(new ZipEntry(m));
                z.write(members.get(m));
                z.closeEntry();
            }
        }
        return p;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] le(long v) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array(); }

    private static byte[] le(float v) { return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array(); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
