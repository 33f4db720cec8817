package io.ninjastore.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;
import io.ninjastore.testing.Spec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TFRecord framing and tf.train.Example, against the hand-checked vector of generate.py and protobuf's own parser. */
class TfRecordTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(TfRecordTest.class.getResource("/stream/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(resource("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertHandVector(Map<String, Object> ex) {
        assertEquals(List.of("label", "name", "weights"), List.copyOf(ex.keySet()));
        assertEquals(NdArray.of(new long[] {7, -1, 300}), ex.get("label"));
        assertEquals("h\u00e9llo", ex.get("name"));
        assertEquals(NdArray.of(new float[] {0.5f, -2.25f}), ex.get("weights"));
    }

    @Test
    @Spec({"S-1", "S-4", "S-5"})
    void readsTheHandCheckedExampleWrittenByPython() {
        List<Map<String, Object>> all = Readers.tfExamples(resource("example.tfrecord")).list();
        assertEquals(1, all.size());
        assertHandVector(all.getFirst());
    }

    @Test
    @Spec("S-3")
    void readsGzipByDetectionAndByRequest() {
        assertHandVector(Readers.tfExamples(resource("example.tfrecord.gz")).first());
        assertHandVector(Readers.tfExamples(resource("example.tfrecord.gz"), Compression.GZIP, false, null).first());
        assertThrows(CorruptRecordException.class,
                () -> Readers.tfExamples(resource("example.tfrecord.gz"), Compression.NONE, false, null).first());
    }

    @Test
    @Spec({"S-1", "S-6"})
    void writesTheSameBytesAsTheHandCheckedVector() throws IOException {
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("label", NdArray.of(new long[] {7, -1, 300}));
        ex.put("name", "h\u00e9llo");
        ex.put("weights", NdArray.of(new float[] {0.5f, -2.25f}));
        Path out = Dataset.<Map<String, ?>>of(List.of(ex)).write(Writers.tfExamples(tmp.resolve("w.tfrecord")));
        byte[] want = HexFormat.of().parseHex(expected().get("_framed_hex").asText());
        assertArrayEquals(want, Files.readAllBytes(out));
        assertArrayEquals(HexFormat.of().parseHex(expected().get("_example_hex").asText()), TfExample.encode(ex));
    }

    @Test
    @Spec("S-5")
    void selectsKeysAndDecodesRawBytes() {
        Map<String, Object> ex = Readers.tfExamples(resource("example.tfrecord"), "weights", "missing").first();
        assertEquals(Set.of("weights"), ex.keySet());
        Map<String, Object> raw = Readers.tfExamples(resource("example.tfrecord"), Compression.AUTO, true, Set.of("name")).first();
        assertArrayEquals("h\u00e9llo".getBytes(java.nio.charset.StandardCharsets.UTF_8), (byte[]) raw.get("name"));
    }

    @Test
    @Spec({"S-1", "S-3"})
    void rawRecordsRoundTripIncludingEmptyOnes() throws IOException {
        List<byte[]> want = new ArrayList<>();
        for (JsonNode h : expected().get("_records_hex")) want.add(HexFormat.of().parseHex(h.asText()));
        List<byte[]> got = Readers.tfRecords(resource("records.tfrecord")).list();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i));
        for (String name : List.of("r.tfrecord", "r.tfrecord.gz")) {
            Path p = Dataset.of(want).write(Writers.tfRecords(tmp.resolve(name)));
            List<byte[]> back = Readers.tfRecords(p).list();
            for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), back.get(i), name);
        }
        assertArrayEquals(Files.readAllBytes(resource("records.tfrecord")), Files.readAllBytes(tmp.resolve("r.tfrecord")));
        byte[] gz = Files.readAllBytes(tmp.resolve("r.tfrecord.gz"));
        assertTrue((gz[0] & 0xFF) == 0x1F && (gz[1] & 0xFF) == 0x8B, "a .gz name is written gzip-compressed");
    }

    @Test
    @Spec("S-2")
    void everyCorruptionIsReportedWithFileIndexAndOffset() throws IOException {
        byte[] good = Files.readAllBytes(resource("records.tfrecord"));
        // records: "" at 0 (16 bytes), "x" at 16 (17 bytes), the long one at 33
        record Case(String what, int flipAt, int truncateTo, long offset, String message) {}
        List<Case> cases = List.of(
                new Case("length byte", 0, -1, 0, "length checksum"),
                new Case("length crc", 9, -1, 0, "length checksum"),
                new Case("data byte", 16 + 12, -1, 16, "data checksum"),
                new Case("data crc", 16 + 13, -1, 16, "data checksum"),
                new Case("header cut", -1, 33 + 5, 33, "truncated record header"),
                new Case("data cut", -1, good.length - 10, 33, "truncated record"));
        for (Case c : cases) {
            byte[] bad = c.truncateTo() >= 0 ? java.util.Arrays.copyOf(good, c.truncateTo()) : good.clone();
            if (c.flipAt() >= 0) bad[c.flipAt()] ^= 0x40;
            Path p = tmp.resolve(c.what().replace(' ', '_') + ".tfrecord");
            Files.write(p, bad);
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.tfRecords(p, Compression.NONE).list(), c.what());
            assertEquals(p, e.file(), c.what());
            assertEquals(c.offset(), e.offset(), c.what());
            assertTrue(e.getMessage().contains(c.message()) && e.getMessage().contains(p.toString()), c.what() + ": " + e.getMessage());
            long index = c.offset() == 0 ? 0 : c.offset() == 16 ? 1 : 2;
            assertTrue(e.getMessage().contains("record " + index + ": "), c.what() + " names the record's index: " + e.getMessage());
            // the records before the bad one are still delivered
            try (CloseableIterator<byte[]> it = Readers.tfRecords(p, Compression.NONE).iterator()) {
                int before = 0;
                try {
                    while (it.hasNext()) {
                        it.next();
                        before++;
                    }
                } catch (CorruptRecordException expected) {
                    // as above
                }
                assertEquals(c.offset() == 0 ? 0 : c.offset() == 16 ? 1 : 2, before, c.what());
            }
        }
    }

    @Test
    @Spec({"S-2", "S-3"})
    void aCutOrCorruptGzipStreamIsReportedWithIndexAndOffset() throws IOException {
        // 100 records of 1000 random bytes (16 + 1000 bytes each), gzip-compressed and cut in half or damaged
        java.util.Random rnd = new java.util.Random(7);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] r = new byte[1000];
            rnd.nextBytes(r);
            records.add(r);
        }
        byte[] gz = Files.readAllBytes(Dataset.of(records).write(Writers.tfRecords(tmp.resolve("all.tfrecord.gz"))));
        byte[] flipped = gz.clone();
        flipped[gz.length / 2] ^= 0x55;
        for (byte[] bad : List.of(java.util.Arrays.copyOf(gz, gz.length / 2), flipped)) {
            Path p = Files.write(tmp.resolve("bad.tfrecord.gz"), bad);
            List<byte[]> before = new ArrayList<>();
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.tfRecords(p).forEach(before::add));
            assertTrue(before.size() > 10 && before.size() < 100, before.size() + " records before the damage");
            for (int i = 0; i < before.size(); i++) assertArrayEquals(records.get(i), before.get(i));
            assertEquals(p, e.file());
            assertEquals(1016L * before.size(), e.offset(), e.getMessage());
            // a cut stream fails in gzip itself; a flipped byte of these stored (incompressible) blocks fails the data's CRC
            String why = bad == flipped ? "" : "the gzip stream is cut short or corrupt: Unexpected end of ZLIB input stream";
            assertTrue(e.getMessage().contains("record " + before.size() + ": " + why), e.getMessage());
        }
        byte[] badTrailer = gz.clone();
        badTrailer[gz.length - 6] ^= 1; // the CRC-32 of gzip's trailer: every record reads, then gzip fails
        Path p = Files.write(tmp.resolve("trailer.tfrecord.gz"), badTrailer);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.tfRecords(p).count());
        assertEquals(1016L * 100, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains("record 100: the gzip stream is cut short or corrupt: Corrupt GZIP trailer"), e.getMessage());
    }

    @Test
    @Spec({"S-4", "S-5"})
    void anInvalidExampleNamesTheRecord() throws IOException {
        Path p = Dataset.of(List.of(new byte[] {0x0A, 0x05, 0x01})).write(Writers.tfRecords(tmp.resolve("bad.tfrecord")));
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> Readers.tfExamples(p).first());
        assertTrue(e.getMessage().contains("record 0") && e.getMessage().contains("tf.train.Example"), e.getMessage());
        Path binary = Dataset.<Map<String, ?>>of(List.of(Map.of("img", new byte[] {(byte) 0xFF, 0x00})))
                .write(Writers.tfExamples(tmp.resolve("bin.tfrecord")));
        CorruptRecordException utf = assertThrows(CorruptRecordException.class, () -> Readers.tfExamples(binary).first());
        assertTrue(utf.getMessage().contains("'img'") && utf.getMessage().contains("raw bytes"), utf.getMessage());
    }

    @Test
    @Spec("S-6")
    void valuesWithoutAnExampleEncodingAreRefusedNamingTheFeature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfExample.encode(Map.of("z", new Object())));
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TfExample.encode(Map.of("c", NdArray.zeros(DType.COMPLEX64, 2))));
        assertThrows(IllegalArgumentException.class, () -> TfExample.encode(Map.of("u", NdArray.fromLongs(DType.UINT64, new long[] {-1}))));
    }

    @Test
    @Spec("S-10")
    void aFailingWriteLeavesTheOldFile() throws IOException {
        Path p = tmp.resolve("keep.tfrecord");
        Files.write(p, new byte[] {1, 2, 3});
        Dataset<byte[]> failing = Dataset.of(List.of(new byte[] {9}, new byte[] {8})).map(b -> {
            if (b[0] == 8) throw new IllegalStateException("boom");
            return b;
        });
        assertThrows(IllegalStateException.class, () -> failing.write(Writers.tfRecords(p)));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file is left behind");
        }
    }

    // ------------------------------------------------------------------ protobuf's own parser as the reference

    static final Descriptors.Descriptor EXAMPLE = exampleDescriptor();

    private static Descriptors.Descriptor exampleDescriptor() {
        FieldDescriptorProto.Builder value = FieldDescriptorProto.newBuilder().setName("value").setNumber(1)
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
        FieldOptions packed = FieldOptions.newBuilder().setPacked(true).build();
        DescriptorProto bytesList = DescriptorProto.newBuilder().setName("BytesList")
                .addField(value.clone().setType(FieldDescriptorProto.Type.TYPE_BYTES)).build();
        DescriptorProto floatList = DescriptorProto.newBuilder().setName("FloatList")
                .addField(value.clone().setType(FieldDescriptorProto.Type.TYPE_FLOAT).setOptions(packed)).build();
        DescriptorProto int64List = DescriptorProto.newBuilder().setName("Int64List")
                .addField(value.clone().setType(FieldDescriptorProto.Type.TYPE_INT64).setOptions(packed)).build();
        DescriptorProto feature = DescriptorProto.newBuilder().setName("Feature")
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("kind"))
                .addField(msgField("bytes_list", 1, ".tensorflow.BytesList").setOneofIndex(0))
                .addField(msgField("float_list", 2, ".tensorflow.FloatList").setOneofIndex(0))
                .addField(msgField("int64_list", 3, ".tensorflow.Int64List").setOneofIndex(0)).build();
        DescriptorProto entry = DescriptorProto.newBuilder().setName("FeatureEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                .addField(msgField("value", 2, ".tensorflow.Feature")).build();
        DescriptorProto features = DescriptorProto.newBuilder().setName("Features").addNestedType(entry)
                .addField(msgField("feature", 1, ".tensorflow.Features.FeatureEntry").setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)).build();
        DescriptorProto example = DescriptorProto.newBuilder().setName("Example").addField(msgField("features", 1, ".tensorflow.Features")).build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("tensorflow/core/example/example.proto").setPackage("tensorflow")
                .setSyntax("proto3").addMessageType(bytesList).addMessageType(floatList).addMessageType(int64List)
                .addMessageType(feature).addMessageType(features).addMessageType(example).build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]).findMessageTypeByName("Example");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder msgField(String name, int number, String type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                .setTypeName(type).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }

    @Test
    @Spec("S-4")
    void protobufParsesTheHandVectorAsWeDo() throws Exception {
        byte[] bytes = HexFormat.of().parseHex(expected().get("_example_hex").asText());
        DynamicMessage m = DynamicMessage.parseFrom(EXAMPLE, bytes);
        assertEquals(decodeWithProtobuf(bytes), TfExample.decode(bytes, null, false));
        assertArrayEquals(bytes, m.toByteArray(), "protobuf re-serializes the hand vector byte for byte");
    }

    /** What protobuf's generic parser finds, in our representation. */
    static Map<String, Object> decodeWithProtobuf(byte[] bytes) throws Exception {
        DynamicMessage m = DynamicMessage.parseFrom(EXAMPLE, bytes);
        Descriptors.Descriptor featuresT = EXAMPLE.findFieldByName("features").getMessageType();
        Descriptors.Descriptor entryT = featuresT.findFieldByName("feature").getMessageType();
        Descriptors.Descriptor featureT = entryT.findFieldByName("value").getMessageType();
        DynamicMessage features = (DynamicMessage) m.getField(EXAMPLE.findFieldByName("features"));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object o : (List<?>) features.getField(featuresT.findFieldByName("feature"))) {
            DynamicMessage e = (DynamicMessage) o;
            String key = (String) e.getField(entryT.findFieldByName("key"));
            DynamicMessage f = (DynamicMessage) e.getField(entryT.findFieldByName("value"));
            Descriptors.FieldDescriptor kind = f.getOneofFieldDescriptor(featureT.getOneofs().getFirst());
            Object v;
            if (kind == null) {
                v = List.of();
            } else {
                DynamicMessage list = (DynamicMessage) f.getField(kind);
                List<?> values = (List<?>) list.getField(list.getDescriptorForType().findFieldByName("value"));
                switch (kind.getName()) {
                    case "int64_list" -> v = NdArray.of(values.stream().mapToLong(x -> (Long) x).toArray());
                    case "float_list" -> {
                        float[] a = new float[values.size()];
                        for (int i = 0; i < a.length; i++) a[i] = (Float) values.get(i);
                        v = NdArray.of(a);
                    }
                    default -> {
                        List<String> s = values.stream().map(x -> ((com.google.protobuf.ByteString) x).toStringUtf8()).toList();
                        v = s.size() == 1 ? s.getFirst() : s;
                    }
                }
            }
            out.remove(key); // protobuf keeps map entries in wire order; a repeated key's last entry wins
            out.put(key, v);
        }
        return out;
    }

    @Provide
    Arbitrary<Map<String, Object>> examples() {
        Arbitrary<Object> ints = Arbitraries.longs().array(long[].class).ofMaxSize(6).map(a -> (Object) NdArray.of(a));
        Arbitrary<Object> floats = Arbitraries.floats().array(float[].class).ofMaxSize(6).map(a -> (Object) NdArray.of(a));
        Arbitrary<Object> one = Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s);
        Arbitrary<Object> many = Arbitraries.strings().ofMaxLength(5).list().ofMinSize(2).ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> value = Arbitraries.oneOf(ints, floats, one, many, Arbitraries.just(List.of()));
        return Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(6), value).as(Map::entry).list().ofMaxSize(6)
                .map(entries -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (var e : entries) m.put(e.getKey(), e.getValue());
                    return m;
                });
    }

    @Property(tries = 300)
    @Spec({"S-4", "S-5", "S-6"})
    void encodeIsReadBackByProtobufAndByUs(@ForAll("examples") Map<String, Object> ex) throws Exception {
        byte[] bytes = TfExample.encode(ex);
        assertEquals(ex, decodeWithProtobuf(bytes));
        assertEquals(ex, TfExample.decode(bytes, null, false));
    }

    @Property(tries = 300)
    @Spec("S-4")
    void decodeReadsWhatProtobufWrites(@ForAll("examples") Map<String, Object> ex) throws Exception {
        byte[] ours = TfExample.encode(ex);
        byte[] theirs = DynamicMessage.parseFrom(EXAMPLE, ours).toByteArray();
        assertEquals(ex, TfExample.decode(theirs, null, false));
    }

    @Test
    @Spec("S-4")
    void unpackedListsRepeatedFieldsAndUnknownFieldsFollowProtobufRules() throws Exception {
        // Feature{int64_list{value: 5 (unpacked), value: 6}}, then a second int64_list that merges, an unknown field 9
        byte[] feature = {0x1A, 0x04, 0x08, 0x05, 0x08, 0x06, 0x1A, 0x02, 0x08, 0x07, 0x48, 0x01};
        byte[] entry = concat(new byte[] {0x0A, 0x01, 'k', 0x12, (byte) feature.length}, feature);
        byte[] features = concat(new byte[] {0x0A, (byte) entry.length}, entry);
        byte[] example = concat(new byte[] {0x0A, (byte) features.length}, features);
        Map<String, Object> ours = TfExample.decode(example, null, false);
        assertEquals(NdArray.of(new long[] {5, 6, 7}), ours.get("k"));
        assertEquals(decodeWithProtobuf(example), ours);
        assertFalse(ours.isEmpty());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
