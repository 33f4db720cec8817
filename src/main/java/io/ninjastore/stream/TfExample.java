package io.ninjastore.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.ninjastore.array.DType;
import io.ninjastore.array.NdArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tf.train.Example} on the protobuf wire, read and written with protobuf-java's
 * {@link CodedInputStream}/{@link CodedOutputStream} straight into primitive arrays (no boxing, no
 * generated classes):
 * <pre>
 * Example  { Features features = 1; }
 * Features { map&lt;string, Feature&gt; feature = 1; }
 * Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 * BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }  Int64List { repeated int64 value = 1 [packed]; }
 * </pre>
 * Parsing follows protobuf's rules: packed and unpacked repeated scalars both accepted, a repeated
 * message field merges, the last map entry for a key wins, unknown fields are skipped. Stateless.
 */
final class TfExample {
    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_1_LEN = tag(1, LEN);
    private static final int TAG_2_LEN = tag(2, LEN);
    private static final int TAG_3_LEN = tag(3, LEN);

    private TfExample() {}

    /** A field's tag as protobuf writes it (WireFormat.makeTag is not public). */
    private static int tag(int field, int wireType) { return field << 3 | wireType; }

    /** Thrown inside decoding; the caller adds the file and offset. */
    static final class BadExample extends Exception {
        private static final long serialVersionUID = 1L;

        BadExample(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * The features of one serialized Example, in wire order: int64 lists as 1-d int64 arrays, float
     * lists as 1-d float32 arrays, bytes lists as a String (one value) or a List of Strings (UTF-8,
     * strictly decoded), or with {@code rawBytes} as byte[] / List of byte[]; a feature with no kind
     * set as an empty list. {@code keys} null selects every feature.
     */
    static Map<String, Object> decode(byte[] record, Set<String> keys, boolean rawBytes) throws BadExample {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(record);
            in.enableAliasing(true);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == TAG_1_LEN) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readFeatures(in, out, keys, rawBytes);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new BadExample("not a valid tf.train.Example: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadExample("cannot parse tf.train.Example: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(out);
    }

    private static void readFeatures(CodedInputStream in, Map<String, Object> out, Set<String> keys, boolean rawBytes)
            throws IOException, BadExample {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag != TAG_1_LEN) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            String key = "";
            ByteString value = ByteString.EMPTY;
            int t;
            while ((t = in.readTag()) != 0) {
                if (t == TAG_1_LEN) key = in.readStringRequireUtf8();
                else if (t == TAG_2_LEN) value = value.concat(in.readBytes()); // a repeated message field merges
                else in.skipField(t);
            }
            in.popLimit(limit);
            if (keys == null || keys.contains(key)) out.put(key, readFeature(key, value.newCodedInput(), rawBytes));
        }
    }

    private static Object readFeature(String key, CodedInputStream in, boolean rawBytes) throws IOException, BadExample {
        int kind = 0;
        LongBuffer longs = null;
        FloatBuffer floats = null;
        List<byte[]> bytes = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (WireFormat.getTagWireType(tag) != LEN || field < 1 || field > 3) {
                in.skipField(tag);
                continue;
            }
            if (field != kind) { // another member of the oneof replaces the previous one; the same one merges
                kind = field;
                longs = null;
                floats = null;
                bytes = null;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            switch (field) {
                case 1 -> bytes = readBytesList(in, bytes == null ? new ArrayList<>() : bytes);
                case 2 -> floats = readFloatList(in, floats == null ? new FloatBuffer() : floats);
                default -> longs = readInt64List(in, longs == null ? new LongBuffer() : longs);
            }
            in.popLimit(limit);
        }
        return switch (kind) {
            case 1 -> bytesValue(key, bytes, rawBytes);
            case 2 -> NdArray.of(floats.toArray());
            case 3 -> NdArray.of(longs.toArray());
            default -> List.of();
        };
    }

    private static List<byte[]> readBytesList(CodedInputStream in, List<byte[]> out) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_1_LEN) out.add(in.readByteArray());
            else in.skipField(tag);
        }
        return out;
    }

    private static FloatBuffer readFloatList(CodedInputStream in, FloatBuffer out) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_1_LEN) { // packed
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) out.add(in.readFloat());
                in.popLimit(limit);
            } else if (tag == tag(1, WireFormat.WIRETYPE_FIXED32)) {
                out.add(in.readFloat());
            } else {
                in.skipField(tag);
            }
        }
        return out;
    }

    private static LongBuffer readInt64List(CodedInputStream in, LongBuffer out) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == TAG_1_LEN) { // packed
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) out.add(in.readInt64());
                in.popLimit(limit);
            } else if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
                out.add(in.readInt64());
            } else {
                in.skipField(tag);
            }
        }
        return out;
    }

    private static Object bytesValue(String key, List<byte[]> values, boolean raw) throws BadExample {
        if (raw) return values.size() == 1 ? values.getFirst() : Collections.unmodifiableList(values);
        List<String> strings = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                strings.add(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(values.get(i))).toString());
            } catch (CharacterCodingException e) {
                throw new BadExample("feature '" + key + "' value " + i + " is not UTF-8 text; read it as raw bytes", e);
            }
        }
        return strings.size() == 1 ? strings.getFirst() : Collections.unmodifiableList(strings);
    }

    // ------------------------------------------------------------------ encoding

    /**
     * One Example holding {@code features} in the map's order. Integer and bool arrays (and Long,
     * Integer, Short, Byte, Boolean, long[], int[]) become int64 lists; floating arrays (and Float,
     * Double, float[], double[]) float lists, rounded to float32 as TensorFlow stores them; String and
     * byte[], or collections of them, bytes lists (UTF-8); collections of numbers int64 or float
     * lists; an empty collection a feature with no kind.
     *
     * @throws IllegalArgumentException naming the feature when a value has no Example encoding
     */
    static byte[] encode(Map<String, ?> features) {
        List<String> names = new ArrayList<>(features.size());
        List<byte[]> encoded = new ArrayList<>(features.size());
        int featuresSize = 0;
        for (Map.Entry<String, ?> e : features.entrySet()) {
            String name = e.getKey();
            if (name == null) throw new IllegalArgumentException("a feature name cannot be null");
            byte[] f = encodeFeature(name, e.getValue());
            int entry = CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeByteArraySize(2, f);
            featuresSize = Math.addExact(featuresSize, CodedOutputStream.computeTagSize(1)
                    + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry);
            names.add(name);
            encoded.add(f);
        }
        int total = features.isEmpty() ? 0 : CodedOutputStream.computeTagSize(1)
                + CodedOutputStream.computeUInt32SizeNoTag(featuresSize) + featuresSize;
        byte[] out = new byte[total];
        if (total == 0) return out;
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeTag(1, LEN);
            o.writeUInt32NoTag(featuresSize);
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                byte[] f = encoded.get(i);
                o.writeTag(1, LEN);
                o.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeByteArraySize(2, f));
                o.writeString(1, name);
                o.writeByteArray(2, f);
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("Example size computed wrongly", e);
        }
        return out;
    }

    private static byte[] encodeFeature(String name, Object v) {
        return switch (v) {
            case null -> throw new IllegalArgumentException("feature '" + name + "' is null");
            case NdArray a -> encodeArray(name, a);
            case Long x -> int64s(new long[] {x});
            case Integer x -> int64s(new long[] {x});
            case Short x -> int64s(new long[] {x});
            case Byte x -> int64s(new long[] {x});
            case Boolean x -> int64s(new long[] {x ? 1 : 0});
            case Float x -> floats(new float[] {x});
            case Double x -> floats(new float[] {x.floatValue()});
            case String s -> bytesList(List.of(s.getBytes(StandardCharsets.UTF_8)));
            case byte[] b -> bytesList(List.of(b));
            case long[] a -> int64s(a);
            case int[] a -> int64s(Arrays.stream(a).asLongStream().toArray());
            case float[] a -> floats(a);
            case double[] a -> encodeArray(name, NdArray.of(a));
            case Collection<?> c -> encodeCollection(name, c);
            default -> throw new IllegalArgumentException("feature '" + name + "' is a " + v.getClass().getName()
                    + ": an Example holds NdArrays, numbers, booleans, Strings, byte[] or collections of them");
        };
    }

    private static byte[] encodeArray(String name, NdArray a) {
        DType t = a.dtype();
        if (t.isComplex()) throw new IllegalArgumentException("feature '" + name + "' is " + t + ": an Example has no complex lists");
        if (t.isFloating()) return floats(a.toFloatArray());
        long[] v = a.toLongArray();
        if (t == DType.UINT64) {
            for (long x : v) {
                if (x < 0) throw new IllegalArgumentException("feature '" + name + "' holds uint64 " + Long.toUnsignedString(x)
                        + ", beyond the int64 an Example stores");
            }
        }
        return int64s(v);
    }

    private static byte[] encodeCollection(String name, Collection<?> c) {
        if (c.isEmpty()) return new byte[0];
        boolean bytes = true, integers = true, numbers = true;
        for (Object x : c) {
            bytes &= x instanceof String || x instanceof byte[];
            integers &= x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte || x instanceof Boolean;
            numbers &= x instanceof Number;
        }
        if (bytes) {
            List<byte[]> values = new ArrayList<>(c.size());
            for (Object x : c) values.add(x instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) x);
            return bytesList(values);
        }
        if (integers) {
            long[] v = new long[c.size()];
            int i = 0;
            for (Object x : c) v[i++] = x instanceof Boolean b ? (b ? 1 : 0) : ((Number) x).longValue();
            return int64s(v);
        }
        if (numbers) {
            float[] v = new float[c.size()];
            int i = 0;
            for (Object x : c) v[i++] = ((Number) x).floatValue();
            return floats(v);
        }
        throw new IllegalArgumentException("feature '" + name + "' is a collection mixing types: an Example list holds "
                + "only strings/bytes, only integers or only numbers");
    }

    private static byte[] int64s(long[] v) {
        int payload = 0;
        for (long x : v) payload += CodedOutputStream.computeInt64SizeNoTag(x);
        return wrapList(3, payload, o -> {
            for (long x : v) o.writeInt64NoTag(x);
        });
    }

    private static byte[] floats(float[] v) {
        return wrapList(2, Math.multiplyExact(4, v.length), o -> {
            for (float x : v) o.writeFloatNoTag(x);
        });
    }

    @FunctionalInterface
    private interface Payload {
        void write(CodedOutputStream o) throws IOException;
    }

    /** {@code Feature { <kind> { packed value = 1 } }}; an empty list omits the field, as protobuf does. */
    private static byte[] wrapList(int kind, int payload, Payload body) {
        int list = payload == 0 ? 0 : CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(payload) + payload;
        byte[] out = new byte[CodedOutputStream.computeTagSize(kind) + CodedOutputStream.computeUInt32SizeNoTag(list) + list];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeTag(kind, LEN);
            o.writeUInt32NoTag(list);
            if (payload > 0) {
                o.writeTag(1, LEN);
                o.writeUInt32NoTag(payload);
                body.write(o);
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("feature size computed wrongly", e);
        }
        return out;
    }

    private static byte[] bytesList(List<byte[]> values) {
        int list = 0;
        for (byte[] b : values) list += CodedOutputStream.computeByteArraySize(1, b);
        byte[] out = new byte[CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(list) + list];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeTag(1, LEN);
            o.writeUInt32NoTag(list);
            for (byte[] b : values) o.writeByteArray(1, b);
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("feature size computed wrongly", e);
        }
        return out;
    }

    /** A growable long[]. */
    private static final class LongBuffer {
        private long[] a = new long[8];
        private int n;

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, Math.multiplyExact(n, 2));
            a[n++] = v;
        }

        long[] toArray() { return Arrays.copyOf(a, n); }
    }

    /** A growable float[]. */
    private static final class FloatBuffer {
        private float[] a = new float[8];
        private int n;

        void add(float v) {
            if (n == a.length) a = Arrays.copyOf(a, Math.multiplyExact(n, 2));
            a[n++] = v;
        }

        float[] toArray() { return Arrays.copyOf(a, n); }
    }
}
