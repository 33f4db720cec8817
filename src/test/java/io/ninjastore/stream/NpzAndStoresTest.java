package io.ninjastore.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.array.Npy;
import io.ninjastore.array.NpyFormatException;
import io.ninjastore.store.NumpyMmap;
import io.ninjastore.store.RaggedMmap;
import io.ninjastore.store.StringsMmap;
import io.ninjastore.testing.Fixtures;
import io.ninjastore.testing.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .npz archives written by numpy, round trips, and the readers and writers of JSON lines, .npy folders and stores. */
class NpzAndStoresTest {
    @TempDir
    Path tmp;

    @Test
    @Spec("S-7")
    void readsNumpySavezAndSavezCompressed() throws IOException {
        JsonNode expected = TfRecordTest.expected();
        for (String file : List.of("savez.npz", "savez_compressed.npz")) {
            Map<String, NdArray> arrays = Npz.read(TfRecordTest.resource(file));
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(n -> { if (!n.startsWith("_")) names.add(n); });
            assertEquals(names.stream().sorted().toList(), arrays.keySet().stream().sorted().toList(), file);
            for (String name : names) {
                JsonNode e = expected.get(name);
                NdArray a = arrays.get(name);
                String where = file + "!" + name;
                assertEquals(DType.parse(e.get("dtype").asText()), a.dtype(), where);
                assertEquals(List.of(box(Fixtures.shape(e.get("shape")))), List.of(box(a.shape())), where);
                Fixtures.assertMatches(e.get("values"), a, where);
            }
            assertEquals(arrays.values().stream().toList(), Readers.npz(TfRecordTest.resource(file)).list(), "the dataset yields the same arrays in archive order");
        }
    }

    private static Long[] box(long[] a) { return java.util.Arrays.stream(a).boxed().toArray(Long[]::new); }

    @Test
    @Spec("S-8")
    void npzRoundTripsAndPythonReadsIt() throws IOException, InterruptedException {
        Map<String, NdArray> arrays = Npz.read(TfRecordTest.resource("savez.npz"));
        for (boolean compressed : new boolean[] {false, true}) {
            Path p = Npz.write(tmp.resolve("rt" + compressed + ".npz"), arrays, compressed);
            assertEquals(arrays, Npz.read(p));
            Path viaSink = Dataset.of(arrays.values()).write(Writers.npz(tmp.resolve("sink" + compressed + ".npz"), compressed));
            assertEquals(List.copyOf(arrays.values()), Readers.npz(viaSink).list());
            assertEquals("arr_0", Npz.read(viaSink).keySet().iterator().next());
        }
        // numpy itself reads what we wrote, when it is here (the generator's environment)
        Process py;
        try {
            py = new ProcessBuilder("python3", "-c", "import numpy as np, sys; z = np.load(sys.argv[1]); "
                    + "print(z['f32_2d'].tolist(), z['i64'].tolist(), z['c64'].tolist(), z['scalar'].shape)",
                    tmp.resolve("rttrue.npz").toString()).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            System.out.println("python3 not found: skipping the numpy cross-read");
            return;
        }
        String out = new String(py.getInputStream().readAllBytes()).strip();
        if (py.waitFor() != 0 && out.contains("No module named")) {
            System.out.println("numpy not installed: skipping the numpy cross-read");
            return;
        }
        assertEquals("[[0.0, 0.25, 0.5], [0.75, 1.0, 1.25]] [-9223372036854775808, -1, 0, 1, 9223372036854775807] "
                + "[(1+2j), (-0.5+0j)] ()", out);
    }

    @Test
    @Spec("S-7")
    void badArchivesNameTheFileAndMember() throws IOException {
        Path notZip = Files.write(tmp.resolve("not.npz"), new byte[] {1, 2, 3});
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(notZip));
        assertTrue(e.getMessage().contains(notZip.toString()), e.getMessage());
        // a member whose header promises more data than it holds
        byte[] image = Npy.toBytes(NdArray.of(new long[] {1, 2, 3}));
        Path cut = tmp.resolve("cut.npz");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(cut))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("x.npy"));
            zip.write(image, 0, image.length - 8);
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.closeEntry();
        }
        NpyFormatException t = assertThrows(NpyFormatException.class, () -> Npz.read(cut));
        assertTrue(t.getMessage().contains("cut.npz!x.npy") && t.getMessage().contains("data"), t.getMessage());
        UncheckedIOException viaDataset = assertThrows(UncheckedIOException.class, () -> Readers.npz(cut).list());
        assertTrue(viaDataset.getCause() instanceof NpyFormatException);
    }

    @Test
    @Spec("S-7")
    void sizesThatLieAboutAHugeMemberAreRefusedBeforeAllocatingIt() throws IOException {
        // a member of 125 float64 whose header and zip sizes both claim 500,000,000 (4 GB): the 1 KB of
        // compressed bytes cannot hold that, so it is refused before a 4 GB array is allocated for it
        String small = new String(Npy.toBytes(NdArray.zeros(DType.FLOAT64, 125)), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] image = small.replace("(125,), }      ", "(500000000,), }").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long claimed = 4_000_000_128L;
        for (int method : new int[] {java.util.zip.ZipEntry.DEFLATED, java.util.zip.ZipEntry.STORED}) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry("x.npy");
                entry.setMethod(method);
                if (method == java.util.zip.ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(image);
                    entry.setSize(image.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(image);
                zip.closeEntry();
            }
            byte[] npz = bytes.toByteArray();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(npz).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int central = indexOf(npz, new byte[] {'P', 'K', 1, 2});
            b.putInt(central + 24, (int) claimed); // uncompressed size
            b.putInt(22, method == java.util.zip.ZipEntry.STORED ? (int) claimed : 0);
            if (method == java.util.zip.ZipEntry.STORED) { // a stored member's compressed size is its size
                b.putInt(central + 20, (int) claimed);
                b.putInt(18, (int) claimed);
            }
            Path f = Files.write(tmp.resolve("lying" + method + ".npz"), npz);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(f));
            assertEquals(f + "!x.npy", e.source());
            assertEquals("data", e.field(), e.getMessage());
            assertTrue(e.getMessage().contains("header promises 4000000000 data bytes but the member can hold at most"), e.getMessage());
            UncheckedIOException viaDataset = assertThrows(UncheckedIOException.class, () -> Readers.npz(f).list());
            assertTrue(viaDataset.getCause() instanceof NpyFormatException c && c.field().equals("data"), viaDataset.toString());
        }
    }

    @Test
    @Spec("S-7")
    void aCorruptMemberFailsItsCrcCheckNamingFileMemberAndBothCrcs() throws IOException {
        // stored: one flipped data byte of the first member (f32_2d.npy) reads as a different float
        byte[] stored = Files.readAllBytes(TfRecordTest.resource("savez.npz"));
        int magic = indexOf(stored, "\u0093NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        int data = magic + 10 + ((stored[magic + 8] & 0xff) | (stored[magic + 9] & 0xff) << 8);
        stored[data + 5] ^= 0x10;
        assertBadCrc(Files.write(tmp.resolve("flipped.npz"), stored), "f32_2d.npy", "a4009c0a", "");

        // deflated: the data is intact but the CRC the archive records for it is not
        byte[] deflated = Files.readAllBytes(TfRecordTest.resource("savez_compressed.npz"));
        int central = indexOf(deflated, new byte[] {'P', 'K', 1, 2});
        assertEquals(0x0a, deflated[central + 16], "the first central directory entry is f32_2d.npy's (CRC a4009c0a)");
        deflated[14] ^= 1; // the local header's copy
        deflated[central + 16] ^= 1; // the central directory's, which readers use
        assertBadCrc(Files.write(tmp.resolve("badcrc.npz"), deflated), "f32_2d.npy", "a4009c0b", "a4009c0a");
    }

    private static void assertBadCrc(Path npz, String member, String recorded, String actual) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(npz));
        assertEquals("crc", e.field(), e.getMessage());
        assertEquals(npz + "!" + member, e.source());
        assertTrue(e.getMessage().contains(npz + "!" + member) && e.getMessage().contains("bad CRC-32: the archive records " + recorded)
                && e.getMessage().contains("give " + actual), e.getMessage());
        UncheckedIOException viaDataset = assertThrows(UncheckedIOException.class, () -> Readers.npz(npz).list());
        assertTrue(viaDataset.getCause() instanceof NpyFormatException c && c.field().equals("crc"), viaDataset.toString());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void npyFolderInNameOrder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("npys"));
        Npy.write(dir.resolve("b.npy"), NdArray.of(new int[] {2}));
        Npy.write(dir.resolve("a.npy"), NdArray.of(new float[] {1f, 1.5f}));
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<NdArray> got = Readers.npyFolder(dir).list();
        assertEquals(List.of(NdArray.of(new float[] {1f, 1.5f}), NdArray.of(new int[] {2})), got);
    }

    @Test
    void aMissingNpyFolderOrAFileIsSaidToBeSo() throws IOException {
        Path missing = tmp.resolve("bad/nonexist");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Readers.npyFolder(missing).list());
        assertEquals(missing + ": the folder of .npy files does not exist", e.getMessage());
        assertTrue(e.getCause() instanceof java.nio.file.NoSuchFileException, e.getCause().toString());
        Path file = Files.writeString(tmp.resolve("file.npy"), "x");
        UncheckedIOException f = assertThrows(UncheckedIOException.class, () -> Readers.npyFolder(file).list());
        assertEquals(file + ": not a directory (a folder of .npy files was expected)", f.getMessage());
    }

    @Test
    @Spec("S-9")
    void jsonLinesRoundTripArraysAndRecords() throws IOException {
        record Row(String name, List<Integer> values) {}
        Path p = Dataset.of(new Row("a", List.of(1, 2)), new Row("b\n\"q\"", List.of())).write(Writers.jsonLines(tmp.resolve("rows.jsonl")));
        assertEquals(List.of("{\"name\":\"a\",\"values\":[1,2]}", "{\"name\":\"b\\n\\\"q\\\"\",\"values\":[]}"), Files.readAllLines(p));
        assertEquals(List.of(new Row("a", List.of(1, 2)), new Row("b\n\"q\"", List.of())), Readers.jsonLines(p, Row.class).list());

        NdArray m = NdArray.of(new long[] {1, -2, 3, 4, 5, 6}, 2, 3);
        NdArray f = NdArray.of(new float[] {0.1f, Float.MIN_VALUE});
        Path arrays = Dataset.of(m, f).write(Writers.jsonLines(tmp.resolve("arrays.jsonl")));
        assertEquals(List.of("[[1,-2,3],[4,5,6]]", "[0.1,1.4E-45]"), Files.readAllLines(arrays));
        List<NdArray> back = Readers.jsonLines(arrays, NdArray.class).list();
        assertEquals(m, back.get(0));
        assertEquals(NdArray.of(new double[] {0.1, 1.4E-45}), back.get(1));

        Path records = Files.writeString(tmp.resolve("rec.jsonl"), "{\"x\":[1,2]}\r\n\n{\"x\":[3]}\n");
        assertEquals(2, Readers.jsonLines(records).count(), "CRLF and blank lines are tolerated");
    }

    @Test
    @Spec("S-9")
    void aBadJsonLineNamesFileLineAndOffset() throws IOException {
        Path p = Files.writeString(tmp.resolve("bad.jsonl"), "{\"a\":1}\n{\"a\":\n");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.jsonLines(p).list());
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void everyStoreKindWritesAndReadsBack() throws IOException {
        List<NdArray> samples = List.of(NdArray.of(new float[] {1, 2, 3}), NdArray.of(new float[] {4}, 1, 1), NdArray.scalar(DType.FLOAT32, 5));
        try (RaggedMmap r = Dataset.of(samples).write(Writers.ragged(tmp.resolve("ragged")))) {
            assertEquals(samples, Dataset.from(r).list());
        }
        assertEquals(samples, Readers.arrays(tmp.resolve("ragged")).list());
        List<NdArray> rows = List.of(NdArray.of(new int[] {1, 2}), NdArray.of(new int[] {3, 4}));
        try (NumpyMmap d = Dataset.of(rows).write(Writers.dense(tmp.resolve("dense")))) {
            assertEquals(rows, Dataset.from(d).list());
        }
        assertEquals(rows, Readers.arrays(tmp.resolve("dense")).list());
        try (StringsMmap s = Dataset.of("a", "\u00e9", "").write(Writers.strings(tmp.resolve("strings")))) {
            assertEquals(List.of("a", "\u00e9", ""), Dataset.from(s).list());
        }
        assertEquals(List.of("a", "\u00e9", ""), Readers.strings(tmp.resolve("strings")).list());
        assertEquals(List.of("a", "\u00e9", ""), Readers.store(tmp.resolve("strings")).list());
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class, () -> Readers.arrays(tmp.resolve("strings")).list());
        assertTrue(wrongKind.getMessage().contains("strings store"), wrongKind.getMessage());
    }

    @Test
    void storeReadersReopenPerIterationAndSeeAppends() throws IOException {
        Path dir = tmp.resolve("grow");
        Dataset<NdArray> ds = Readers.arrays(dir);
        try (RaggedMmap w = RaggedMmap.fromLists(dir, List.of(NdArray.of(new long[] {1})))) {
            assertEquals(1, ds.count());
            w.append(NdArray.of(new long[] {2, 3}));
            assertEquals(2, ds.count(), "a new iteration re-opens the store and sees the committed append");
        }
        Iterator<NdArray> it = ds.iterator();
        NdArray first = it.next();
        ((CloseableIterator<NdArray>) it).close();
        assertEquals(NdArray.of(new long[] {1}), first, "elements are copies: valid after the iteration closed the store");
    }

    @Test
    void recordsBatchIntoColumns() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", NdArray.of(new float[] {1, 2}));
        a.put("id", 7L);
        a.put("tag", "p");
        Map<String, Object> b = new LinkedHashMap<>(Map.of("x", NdArray.of(new float[] {3, 4}), "id", 8L, "tag", "q"));
        Map<String, Object> batch = Dataset.<Map<String, Object>>of(a, b).batch(2).first();
        assertEquals(NdArray.of(new float[] {1, 2, 3, 4}, 2, 2), batch.get("x"));
        assertEquals(NdArray.of(new long[] {7, 8}), batch.get("id"));
        assertEquals(List.of("p", "q"), batch.get("tag"));
        assertEquals(List.of("x", "id", "tag"), List.copyOf(batch.keySet()));
        Map<String, Object> c = Map.of("x", NdArray.of(new float[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.<Map<String, Object>>of(a, c).batch(2).first());
        assertTrue(e.getMessage().contains("record 1"), e.getMessage());
    }
}
