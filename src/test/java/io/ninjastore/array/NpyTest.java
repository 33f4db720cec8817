package io.ninjastore.array;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Npy} against files numpy wrote: the fixtures' {@code npy/} folder and the format 1.0, 2.0
 * and 3.0 files of {@code numpy_tables.json}; headers byte for byte as numpy writes them; and every
 * kind of malformed header.
 */
class NpyTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ reading what numpy wrote

    @TestFactory
    @Spec("N-1")
    Stream<DynamicTest> everyFixtureNpyFileReadsAsNumpyReadIt() throws IOException {
        JsonNode expected = Fixtures.expected().get("npy");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.root().resolve("npy"))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                JsonNode e = expected.get(name);
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    assertTrue(e != null, name + " has no entry in expected.json");
                    checkRead(f, e.get("dtype").asText(), Fixtures.shape(e.get("shape")), e.get("order").asText().equals("F"),
                            e.get("byteorder").asText(), e.get("values"));
                }));
            }
        }
        assertEquals(expected.size(), tests.size(), "every expected.json entry has its file");
        return tests.stream();
    }

    @TestFactory
    @Spec("N-1")
    Stream<DynamicTest> numpysFormatVersionsByteOrdersAndLayoutsRead() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : NumpyTables.root().get("npy_files")) {
            tests.add(DynamicTest.dynamicTest(e.get("name").asText(), () -> {
                byte[] bytes = HEX.parseHex(e.get("hex").asText());
                assertEquals(e.get("version").asText(), bytes[6] + "." + bytes[7], "numpy wrote the version asked");
                Path f = tmp.resolve(e.get("name").asText() + ".npy");
                Files.write(f, bytes);
                checkRead(f, e.get("dtype").asText(), Fixtures.shape(e.get("shape")), e.get("fortran").asBoolean(),
                        e.get("byteorder").asText(), e.get("values"));
            }));
        }
        return tests.stream();
    }

    private static void checkRead(Path f, String dtype, long[] shape, boolean fortran, String byteOrder, JsonNode values)
            throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        Npy.Header h = Npy.header(MemorySegment.ofArray(bytes), f.toString());
        assertEquals(dtype, h.dtype().numpyName());
        assertArrayEquals(shape, h.shape());
        assertEquals(fortran, h.fortranOrder());
        assertEquals(byteOrder.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(0, h.dataOffset() % 64, "numpy aligns the data to 64 bytes");
        assertEquals(bytes.length, h.dataOffset() + h.dataBytes());
        try (Arena arena = Arena.ofConfined()) {
            NdArray mapped = Npy.map(f, arena);
            assertArrayEquals(shape, mapped.shape());
            assertEquals(h.byteOrder(), mapped.byteOrder(), "a mapped view keeps the file's byte order");
            if (fortran && mapped.size() > 1) assertTrue(mapped.isFortranContiguous());
            Fixtures.assertMatches(values, mapped, f + " mapped");
        }
        NdArray read = Npy.read(f);
        assertTrue(read.isContiguous());
        assertEquals(ByteOrder.LITTLE_ENDIAN, read.byteOrder());
        Fixtures.assertMatches(values, read, f + " read");
        assertEquals(read, Npy.parse(MemorySegment.ofArray(Npy.toBytes(read)), "round trip"));
    }

    // ------------------------------------------------------------------ writing as numpy writes

    @TestFactory
    @Spec("N-2")
    Stream<DynamicTest> headersAreNumpysByteForByte() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode e : NumpyTables.root().get("npy_headers")) {
            JsonNode s = e.get("shape");
            long[] shape = s.isArray() ? Fixtures.shape(s) : ones(s.get("ones").asInt());
            DType t = DType.parse(e.get("dtype").asText());
            tests.add(DynamicTest.dynamicTest(t + " " + (shape.length > 8 ? shape.length + " axes" : Arrays.toString(shape)), () -> {
                byte[] h = Npy.headerBytes(t, shape);
                assertEquals(e.get("size").asInt(), h.length);
                assertEquals(e.get("head").asText(), HEX.formatHex(Arrays.copyOf(h, 12)));
                assertEquals(e.get("sha256").asText(), sha256(h), new String(h, StandardCharsets.ISO_8859_1));
                if (Long.MAX_VALUE / t.itemSize() < Arrays.stream(shape).reduce(1, Math::multiplyExact)) return; // too big to read
                if (shape.length > NdArray.MAX_NDIM) { // numpy's layout rule holds for any shape; numpy loads (and we read) 64 axes at most
                    assertThrows(NpyFormatException.class, () -> Npy.header(MemorySegment.ofArray(h), "header"));
                    return;
                }
                Npy.Header back = Npy.header(MemorySegment.ofArray(h), "header");
                assertArrayEquals(shape, back.shape());
                assertEquals(h.length, back.dataOffset());
            }));
        }
        return tests.stream();
    }

    @Test
    @Spec("N-2")
    void littleEndianCOrderFilesAreRewrittenByteForByte() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.root().resolve("npy"))) {
            for (Path f : files.sorted().toList()) {
                Npy.Header h = Npy.header(MemorySegment.ofArray(Files.readAllBytes(f)), f.toString());
                if (h.byteOrder() != ByteOrder.LITTLE_ENDIAN || h.fortranOrder()) continue;
                assertArrayEquals(Files.readAllBytes(f), Npy.toBytes(Npy.read(f)), f.toString());
                Path copy = tmp.resolve(f.getFileName());
                Npy.write(copy, Npy.read(f));
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(copy), f.toString());
                checked.add(f.getFileName().toString());
            }
        }
        assertEquals(List.of("bool_scalar.npy", "complex64_1d.npy", "float32_c.npy", "uint8_3d.npy"), checked);
    }

    @Test
    @Spec("N-2")
    void writeTakesAnyViewAndWritesCOrderLittleEndian() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) b.putDouble(i - 2.5);
        NdArray view = NdArray.wrap(MemorySegment.ofArray(b.array()), DType.FLOAT64, ByteOrder.BIG_ENDIAN, 2, 3)
                .transpose().get(Index.range(null, null, -1));
        Path f = tmp.resolve("view.npy");
        Files.write(f, new byte[100_000]); // a longer file is replaced, not overwritten in part
        Npy.write(f, view);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(128 + 48, bytes.length);
        assertTrue(new String(bytes, 0, 128, StandardCharsets.ISO_8859_1).contains("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }"));
        assertEquals(view, Npy.read(f));
        assertArrayEquals(new double[] {-0.5, 2.5, -1.5, 1.5, -2.5, 0.5}, Npy.read(f).toDoubleArray());
    }

    @Test
    void writeStreamsLargerThanItsBuffer() throws IOException {
        int n = 700_000; // 2.8 MB: three passes of the 1 MiB buffer, the last one partial
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = i * 31;
        NdArray a = NdArray.of(v).get(Index.range(null, null, -1));
        Path f = tmp.resolve("big.npy");
        Npy.write(f, a);
        assertEquals(a, Npy.read(f));
        assertArrayEquals(Npy.toBytes(a), Files.readAllBytes(f));
    }

    @Test
    void aMappedViewDiesWithItsArena() throws IOException {
        Path f = tmp.resolve("a.npy");
        Npy.write(f, NdArray.of(new int[] {1, 2, 3}));
        NdArray view;
        try (Arena arena = Arena.ofConfined()) {
            view = Npy.map(f, arena);
            assertEquals(2, view.getLong(1));
        }
        NdArray dead = view;
        assertThrows(IllegalStateException.class, () -> dead.getLong(1));
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Npy.read(tmp.resolve("missing.npy")));
    }

    // ------------------------------------------------------------------ malformed files

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // what                    | version | header dict (or raw bytes after hex:)                                         | field         | message contains
            "not a dict                | 1 | [1, 2]                                                                     | header        | expected a Python dict literal",
            "missing descr             | 1 | {'fortran_order': False, 'shape': (3,), }                                  | descr         | missing from the header",
            "missing fortran_order     | 1 | {'descr': '<f4', 'shape': (3,), }                                          | fortran_order | missing from the header",
            "missing shape             | 1 | {'descr': '<f4', 'fortran_order': False, }                                 | shape         | missing from the header",
            "unknown key               | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}            | header        | unexpected key 'x'",
            "unsupported dtype         | 1 | {'descr': '<U5', 'fortran_order': False, 'shape': (3,), }                  | descr         | unsupported dtype '<U5'",
            "object dtype              | 1 | {'descr': '<O', 'fortran_order': False, 'shape': (3,), }                   | descr         | unsupported dtype '<O'",
            "no byte order mark        | 1 | {'descr': 'xf4', 'fortran_order': False, 'shape': (3,), }                  | descr         | has no byte order mark",
            "descr too short           | 1 | {'descr': 'f', 'fortran_order': False, 'shape': (3,), }                    | descr         | 'f' is not a dtype",
            "structured descr          | 1 | {'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (3,), }         | descr         | expected a quoted string",
            "unterminated descr        | 1 | {'descr': '<f4, 'fortran_order': False, 'shape': (3,), }                   | header        | expected ','",
            "fortran_order not a bool  | 1 | {'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }                      | fortran_order | expected True or False",
            "shape not a tuple         | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': [3], }                   | shape         | expected '('",
            "shape not integers        | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (3.5,), }                | shape         | expected ','",
            "shape empty item          | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (,), }                   | shape         | expected an integer dimension",
            "negative dimension        | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }               | shape         | negative dimension",
            "dimension beyond a long   | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), } | shape       | expected an integer dimension",
            "size overflows            | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), } | shape     | is too large",
            "bytes overflow            | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807,), } | shape       | of float32 is too large",
            "empty, its rows overflow  | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (0, 4611686018427387904, 4611686018427387904), } | shape | of float32 is too large",
            "65 axes, numpy loads 64   | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), } | shape | 65 axes; numpy loads at most 64",
            "text after the dict       | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (3,), } {}               | header        | unexpected text after the dict",
            "missing comma             | 1 | {'descr': '<f4' 'fortran_order': False, 'shape': (3,), }                   | header        | expected ','",
            "unclosed dict             | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (3,),                    | header        | expected a Python dict literal",
            "data shorter than shape   | 1 | {'descr': '<f4', 'fortran_order': False, 'shape': (300,), }                | data          | header promises 1200 bytes of float32[300] but only 12 follow",
            "v2 header too             | 2 | {'descr': '<f4', 'fortran_order': False, 'shape': (300,), }                | data          | header promises 1200 bytes",
            "v3 header too             | 3 | {'descr': '<f4', 'fortran_order': False, 'shape': [3], }                   | shape         | expected '('",
    })
    @Spec("N-1")
    void aMalformedHeaderNamesTheFileAndTheField(String what, int version, String dict, String field, String message) throws IOException {
        Path f = tmp.resolve(what.replace(' ', '_') + ".npy");
        Files.write(f, image(version, dict, new byte[12]));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertEquals(f.toString(), e.source());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ": " + field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty file                    | ''                                 | magic         | too short",
            "short file                    | 934e554d5059                       | magic         | too short",
            "wrong magic                   | 934e554d505a01004600               | magic         | not a .npy file",
            "not numpy at all              | 504b03041400000008000000           | magic         | not a .npy file",
            "version 4                     | 934e554d505904000000               | version       | unsupported .npy version 4.0",
            "version 0                     | 934e554d505900010000               | version       | unsupported .npy version 0.1",
            "version 255.0                 | 934e554d5059ff0046007b7d           | version       | unsupported .npy version 255.0",
            "v2 length cut off             | 934e554d5059020001                 | magic         | too short",
            "v2 length cut off after 10    | 934e554d50590200010000             | header length | truncated",
            "header longer than the file   | 934e554d50590100ff007b7d           | header length | 255 bytes do not fit in a file of 12",
            "v2 header over 1 MiB          | 934e554d505902000000100000         | header length | 1048576 bytes do not fit",
    })
    @Spec("N-1")
    void aBrokenPrefixNamesTheFileAndTheField(String what, String hex, String field, String message) throws IOException {
        Path f = tmp.resolve(what.replace(' ', '_') + ".npy");
        Files.write(f, HEX.parseHex(hex));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(f));
        assertEquals(f.toString(), e.source());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    @Spec("N-2")
    void anArrayOfMoreAxesThanNumpyLoadsIsNotWritten() throws IOException {
        long[] ones = new long[NdArray.MAX_NDIM + 1];
        Arrays.fill(ones, 1);
        NdArray a = NdArray.zeros(DType.INT8, ones);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(tmp.resolve("many.npy"), a));
        assertEquals("an array of 65 axes: a .npy file holds at most 64", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("many.npy")));
        long[] most = Arrays.copyOf(ones, NdArray.MAX_NDIM);
        assertEquals(NdArray.MAX_NDIM, Npy.parse(MemorySegment.ofArray(Npy.toBytes(NdArray.zeros(DType.INT8, most))), "64 axes").ndim());
    }

    @Test
    @Spec("N-1")
    void aMinorVersionOtherThanZeroIsRefusedAsNumpyRefusesIt() {
        // numpy reads exactly 1.0, 2.0 and 3.0 ("we only support format version (1,0), (2,0), and (3,0)")
        for (int major = 1; major <= 3; major++) {
            byte[] img = image(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
            img[7] = 1;
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.parse(MemorySegment.ofArray(img), "minor"));
            assertEquals("version", e.field(), e.getMessage());
            assertTrue(e.getMessage().contains("unsupported .npy version " + major + ".1"), e.getMessage());
        }
    }

    @Test
    @Spec("N-1")
    void headersBeyondOneMebibyteAreRefusedBeforeReadingThem() {
        byte[] prefix = HEX.parseHex("934e554d5059020001001000"); // 2.0, header length 1 MiB + 1
        byte[] image = Arrays.copyOf(prefix, prefix.length + (1 << 20) + 1);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.header(MemorySegment.ofArray(image), "big"));
        assertEquals("header length", e.field());
        // the header fits in this file: the reason is the limit, not the file's length
        assertTrue(e.getMessage().contains("1048577 bytes is over the 1048576 bytes a header may take"), e.getMessage());
    }

    @Test
    @Spec("N-1")
    void readersAcceptWhatNumpyAcceptsBeyondWhatItWrites() throws IOException {
        // keys in any order, double quotes, no trailing comma, no padding, a Python 2 long suffix
        byte[] img = image(1, "{\"shape\": (2L, 1), \"fortran_order\": True, \"descr\": \"<i2\"}", new byte[] {1, 0, 2, 0});
        NdArray a = Npy.parse(MemorySegment.ofArray(img), "relaxed");
        assertArrayEquals(new long[] {2, 1}, a.shape());
        assertArrayEquals(new short[] {1, 2}, a.toShortArray());
        byte[] v3 = image(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'é': 1}", new byte[4]);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.parse(MemorySegment.ofArray(v3), "utf8"));
        assertTrue(e.getMessage().contains("unexpected key 'é'"), "format 3.0 headers are UTF-8: " + e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    /** A .npy image with the given format version, header text (unpadded) and data. */
    static byte[] image(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) len.putShort((short) text.length);
        else len.putInt(text.length);
        out.writeBytes(len.array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static long[] ones(int n) {
        long[] s = new long[n];
        Arrays.fill(s, 1);
        return s;
    }

    private static String sha256(byte[] b) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
